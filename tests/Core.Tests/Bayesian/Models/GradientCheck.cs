using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

/// <summary>Compares a model's analytic gradient with central finite differences of its log density.</summary>
internal static class GradientCheck
{
    public static void AssertMatchesFiniteDifferences(ILogDensityModel model, ReadOnlySpan<double> point, double relativeTolerance = 1e-6)
    {
        var n = model.Dimension;
        var gradient = new double[n];
        var scratch = new double[n];
        model.LogDensityGradient(point, gradient);
        var x = point.ToArray();
        for (var i = 0; i < n; i++)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            var saved = x[i];
            x[i] = saved + h;
            var up = model.LogDensityGradient(x, scratch);
            x[i] = saved - h;
            var down = model.LogDensityGradient(x, scratch);
            x[i] = saved;
            var numeric = (up - down) / (2 * h);
            var tolerance = relativeTolerance * Math.Max(1, Math.Abs(numeric));
            Assert.True(Math.Abs(numeric - gradient[i]) <= tolerance, $"coordinate {i}: analytic {gradient[i]}, finite difference {numeric}");
        }
    }

    /// <summary>A reproducible random point in (-radius, radius)ⁿ.</summary>
    public static double[] RandomPoint(int dimension, ulong seed, double radius = 1.5)
    {
        var random = new ChainRandom(seed, 0);
        return Enumerable.Range(0, dimension).Select(_ => random.NextUniform(-radius, radius)).ToArray();
    }
}
