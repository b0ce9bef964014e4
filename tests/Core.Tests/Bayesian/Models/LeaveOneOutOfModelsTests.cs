using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class LeaveOneOutOfModelsTests
{
    [Fact]
    public void LeaveOneOut_EightSchools_MatchesExactLeaveOneStudyOutByIntegration()
    {
        double[] yi = [28, 8, -3, 7, -1, 1, 18, 12];
        double[] vi = [225, 100, 256, 121, 81, 121, 100, 324];
        var model = new NonCentredRandomEffectsModel(EffectData.Create(yi, vi), NormalPrior.Create(0, 20), ScalePrior.HalfNormal(5));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 32, SamplingIterations = 2000 });
        var loo = LeaveOneOut.Compute(result);
        var waic = Waic.Compute(result);

        // Exact: p(yᵢ | y₋ᵢ) = ∫∫ p(y | μ, τ) p(μ, τ) / ∫∫ p(y₋ᵢ | μ, τ) p(μ, τ), with the study effects
        // integrated out analytically, on a fine grid over (μ, τ).
        var exact = new double[8];
        var full = new List<double>();
        var without = Enumerable.Range(0, 8).Select(_ => new List<double>()).ToArray();
        for (var mu = -80.0; mu <= 100; mu += 0.25)
        {
            for (var tau = 0.025; tau <= 30; tau += 0.05)
            {
                var prior = Normal.PDFLn(0, 20, mu) + Normal.PDFLn(0, 5, tau);
                var terms = yi.Select((y, i) => Normal.PDFLn(mu, Math.Sqrt(vi[i] + (tau * tau)), y)).ToArray();
                var total = prior + terms.Sum();
                full.Add(total);
                for (var i = 0; i < 8; i++)
                {
                    without[i].Add(total - terms[i]);
                }
            }
        }

        var logFull = LogSumExp(full);
        for (var i = 0; i < 8; i++)
        {
            exact[i] = logFull - LogSumExp(without[i]);
        }

        Assert.Empty(loo.Warnings);
        Assert.Equal(exact.Sum(), loo.Elpd, 0.05);
        Assert.Equal(exact.Sum(), waic.Elpd, 0.1);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(exact[i], loo.Pointwise[i], 0.02);
        }
    }

    private static double LogSumExp(List<double> values)
    {
        var max = values.Max();
        return max + Math.Log(values.Sum(v => Math.Exp(v - max)));
    }
}
