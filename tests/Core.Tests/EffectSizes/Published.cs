namespace MetaAnalysis.Core.Tests.EffectSizes;

/// <summary>Element-wise comparison of computed figures with published or re-derived ones.</summary>
internal static class Published
{
    /// <summary>Asserts |computed[i] − expected[i]| ≤ tolerance for every element, naming the first that is not.</summary>
    public static void Matches(IReadOnlyList<double> expected, IReadOnlyList<double> computed, double tolerance, string figure)
    {
        Assert.Equal(expected.Count, computed.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Math.Abs(computed[i] - expected[i]) <= tolerance,
                $"{figure}[{i}]: expected {expected[i]}, computed {computed[i]} (tolerance {tolerance})");
        }
    }
}
