using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Core.Tests.Frequentist.Convergence;

/// <summary>
/// Small random meta-analyses for the convergence property tests: k effects whose sampling variances span
/// several orders of magnitude, heterogeneity from none to large, and every third one a meta-regression on
/// a random moderator, drawn from a fixed seed so that a failure is reproducible.
/// </summary>
internal static class RandomDataSets
{
    /// <summary>The next data set of the stream.</summary>
    public static (MetaRegressionProblem Problem, double[] Yi, double[] Vi) Draw(Random random, int minimumK = 3, int maximumK = 30)
    {
        var k = random.Next(minimumK, maximumK + 1);
        // The typical sampling variance, and how many orders of magnitude the variances spread over.
        var typical = Math.Pow(10, -3 + (4 * random.NextDouble()));
        var spread = 3 * random.NextDouble();
        var tau2 = random.NextDouble() < 0.3 ? 0.0 : typical * Math.Pow(10, -2 + (3 * random.NextDouble()));
        var mean = random.NextDouble() - 0.5;
        var withModerator = k >= 5 && random.Next(3) == 0;
        var slope = random.NextDouble() - 0.5;
        var yi = new double[k];
        var vi = new double[k];
        var x = new double[k];
        for (var i = 0; i < k; i++)
        {
            vi[i] = typical * Math.Pow(10, spread * (random.NextDouble() - 0.5));
            x[i] = Math.Round(10 * random.NextDouble());
            // Rounded to 4 decimals as published effects are, which is where ties and near-flat likelihoods come from.
            yi[i] = Math.Round(mean + (withModerator ? slope * x[i] : 0) + (Normal(random) * Math.Sqrt(vi[i] + tau2)), 4);
        }

        var design = withModerator && x.Distinct().Count() > 1
            ? DesignMatrix.FromColumns([("intrcpt", Enumerable.Repeat(1.0, k).ToArray()), ("x", x)])
            : null;
        return (MetaRegressionProblem.Create(EffectData.Create(yi, vi), design), yi, vi);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
