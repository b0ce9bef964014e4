namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>Comparisons of figures within a tolerance.</summary>
internal static class AssertClose
{
    /// <summary>|actual - expected| ≤ tolerance |expected|.</summary>
    public static void Relative(double expected, double actual, double tolerance)
    {
        var allowed = tolerance * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= allowed, $"expected {expected:R} within relative {tolerance}, got {actual:R}");
    }

    /// <summary>Element-wise |actual - expected| ≤ tolerance.</summary>
    public static void All(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"element {i}: expected {expected[i]:R} within {tolerance}, got {actual[i]:R}");
        }
    }
}
