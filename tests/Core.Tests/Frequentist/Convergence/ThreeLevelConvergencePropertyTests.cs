using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Tests.Frequentist.Convergence;

/// <summary>
/// The three-level model on random small clustered data sets: the fit converges, and its (restricted)
/// likelihood is at least that of a fine grid search over both variance components.
/// </summary>
public class ThreeLevelConvergencePropertyTests
{
    private const int DataSets = 600;

    [Theory]
    [InlineData(ThreeLevelEstimator.RestrictedMaximumLikelihood)]
    [InlineData(ThreeLevelEstimator.MaximumLikelihood)]
    public void ThreeLevel_RandomSmallDataSets_ReachAtLeastTheGridMaximum(ThreeLevelEstimator estimator)
    {
        var random = new Random(20261205);
        var restricted = estimator == ThreeLevelEstimator.RestrictedMaximumLikelihood;
        var failures = new List<string>();
        for (var set = 0; set < DataSets; set++)
        {
            var (data, cluster) = Draw(random);
            ThreeLevelFit fit;
            try
            {
                fit = ThreeLevelModel.Fit(data, cluster, options: new ThreeLevelOptions { Estimator = estimator });
            }
            catch (ConvergenceException e)
            {
                failures.Add($"set {set}: {e.Message}");
                continue;
            }

            var atEstimate = fit.Likelihood.LogLikelihood(fit.Sigma2Between, fit.Sigma2Within, restricted);
            var best = GridMaximum(fit.Likelihood, data, restricted);
            if (!fit.Converged || atEstimate < best.Value - (1e-8 * Math.Max(1, Math.Abs(best.Value))))
            {
                failures.Add($"set {set}: y [{string.Join(", ", data.Yi.Select(v => v.ToString("R")))}] v [{string.Join(", ", data.Vi.Select(v => v.ToString("R")))}] c [{string.Join(",", cluster)}] converged {fit.Converged}, σ² ({fit.Sigma2Between:R}, {fit.Sigma2Within:R}) ℓ {atEstimate:R}; grid ℓ {best.Value:R} at ({best.Between:R}, {best.Within:R})");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {DataSets} data sets failed:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>3 to 10 clusters of 1 to 5 effects, sampling variances over two orders of magnitude, each component absent or present.</summary>
    private static (EffectData Data, string[] Cluster) Draw(Random random)
    {
        var clusters = random.Next(3, 11);
        var typical = Math.Pow(10, -2 + (2 * random.NextDouble()));
        var between = random.NextDouble() < 0.3 ? 0.0 : typical * Math.Pow(10, -1.5 + (2 * random.NextDouble()));
        var within = random.NextDouble() < 0.3 ? 0.0 : typical * Math.Pow(10, -1.5 + (2 * random.NextDouble()));
        var yi = new List<double>();
        var vi = new List<double>();
        var labels = new List<string>();
        for (var c = 0; c < clusters; c++)
        {
            var u = Normal(random) * Math.Sqrt(between);
            var size = c == 0 ? 2 : random.Next(1, 6);
            for (var e = 0; e < size; e++)
            {
                var v = typical * Math.Pow(10, 2 * (random.NextDouble() - 0.5));
                vi.Add(v);
                yi.Add(Math.Round(0.3 + u + (Normal(random) * Math.Sqrt(within + v)), 3));
                labels.Add("c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return (EffectData.Create(yi, vi), labels.ToArray());
    }

    private static (double Between, double Within, double Value) GridMaximum(ThreeLevelLikelihood likelihood, EffectData data, bool restricted)
    {
        var mean = data.Yi.Average();
        var scale = (data.Yi.Sum(y => (y - mean) * (y - mean)) / data.K) + data.Vi.Max();
        var axis = new List<double> { 0.0 };
        const int points = 60;
        for (var i = 0; i <= points; i++)
        {
            axis.Add(scale * Math.Pow(10, -6 + (7.0 * i / points)));
        }

        var best = (Between: 0.0, Within: 0.0, Value: double.NegativeInfinity);
        foreach (var b in axis)
        {
            foreach (var w in axis)
            {
                var value = likelihood.LogLikelihood(b, w, restricted);
                if (value > best.Value)
                {
                    best = (b, w, value);
                }
            }
        }

        return best;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
