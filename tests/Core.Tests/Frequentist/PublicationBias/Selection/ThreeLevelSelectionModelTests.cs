using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias.Selection;

public class ThreeLevelSelectionModelTests
{
    private static readonly EffectData Data = EffectData.Create(
        [0.45, 0.12, 0.61, -0.05, 0.33, 0.28, 0.52, 0.07, 0.9, -0.2, 0.41, 0.15],
        [0.04, 0.03, 0.09, 0.02, 0.05, 0.01, 0.06, 0.05, 0.12, 0.03, 0.02, 0.08]);

    private static readonly EffectClusters Studies = EffectClusters.Create(["a", "a", "a", "b", "b", "c", "c", "c", "d", "d", "e", "e"], 12);

    [Fact]
    public void Evaluate_NoSelection_IsTheThreeLevelModelsLikelihood()
    {
        // With every weight 1 the likelihood is the three-level model's, which the multivariate normal gives in closed form.
        var fit = ThreeLevelModel.Fit(Data, Studies, null, new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));
        var likelihood = new ThreeLevelSelectionLikelihood(Data, Studies, new StepWeightFunction([0.5, 1]), SelectionAlternative.Greater, DesignMatrix.InterceptOnly(12));
        double[] parameters = [fit.Beta[0], fit.Sigma2Between, fit.Sigma2Within, 1];

        var value = likelihood.Evaluate(parameters, new double[4]);

        Assert.Equal(fit.Statistics.LogLikelihood, value, 10);
    }

    [Fact]
    public void Evaluate_OneStudy_EqualsTheIntegralDoneByAdaptiveQuadrature()
    {
        // Study "a" alone, by MathNet's adaptive Gauss-Kronrod over u: an independent evaluation of the integral.
        var members = new[] { 0, 1, 2 };
        var data = EffectData.Create(members.Select(i => Data.Yi[i]).ToArray(), members.Select(i => Data.Vi[i]).ToArray());
        var clusters = EffectClusters.Create(["a", "a", "a"], 3, minimumClusters: 1);
        var weights = new StepWeightFunction([0.02, 0.1, 1]);
        double[] delta = [1, 0.4, 0.2];
        var (mu, between, within) = (0.2, 0.05, 0.02);
        var likelihood = new ThreeLevelSelectionLikelihood(data, clusters, weights, SelectionAlternative.Greater, DesignMatrix.InterceptOnly(3));

        var value = likelihood.Evaluate([mu, between, within, delta[1], delta[2]], new double[5]);

        double Integrand(double u)
        {
            var density = Normal.PDF(0, Math.Sqrt(between), u);
            for (var i = 0; i < 3; i++)
            {
                var s = Math.Sqrt(data.Vi[i] + within);
                var p = 1 - Normal.CDF(0, 1, data.Yi[i] / Math.Sqrt(data.Vi[i]));
                var w = delta[weights.IntervalOf(p)];

                // A = Σⱼ δⱼ P(p in interval j | mean μ + u, sd s): p ≤ c ⇔ y ≥ √vᵢ Φ⁻¹(1 - c).
                var a = 0.0;
                var upper = double.PositiveInfinity;
                foreach (var (cut, weight) in new[] { (0.02, delta[0]), (0.1, delta[1]), (1.0, delta[2]) })
                {
                    var lower = cut < 1 ? Math.Sqrt(data.Vi[i]) * Normal.InvCDF(0, 1, 1 - cut) : double.NegativeInfinity;
                    a += weight * (Normal.CDF(mu + u, s, upper) - Normal.CDF(mu + u, s, lower));
                    upper = lower;
                }

                density *= w * Normal.PDF(mu + u, s, data.Yi[i]) / a;
            }

            return density;
        }

        var integral = GaussKronrodRule.Integrate(Integrand, -3, 3, out _, out _, 1e-13, 15, 20);
        Assert.Equal(Math.Log(integral), value, 9);
    }

    [Fact]
    public void Evaluate_Gradient_MatchesFiniteDifferences()
    {
        var weights = SelectionWeightFunction.FromType("halfnorm");
        var likelihood = new ThreeLevelSelectionLikelihood(Data, Studies, weights, SelectionAlternative.Greater, DesignMatrix.InterceptOnly(12));
        double[] parameters = [0.2, 0.03, 0.015, 2.0];
        var gradient = new double[4];

        likelihood.Evaluate(parameters, gradient);

        for (var j = 0; j < 4; j++)
        {
            var h = 1e-6 * Math.Max(Math.Abs(parameters[j]), 1e-2);
            var up = parameters.ToArray();
            var down = parameters.ToArray();
            up[j] += h;
            down[j] -= h;
            var numeric = (likelihood.Evaluate(up, new double[4]) - likelihood.Evaluate(down, new double[4])) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[j]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)), $"parameter {j}: analytic {gradient[j]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Fit_IsAStationaryPointAndTheLikelihoodRatioIsAgainstTheThreeLevelFit()
    {
        var fit = ThreeLevelSelectionModel.Fit(Data, Studies, new StepWeightFunction([0.025, 1]));

        var ordinary = ThreeLevelModel.Fit(Data, Studies, null, new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));
        Assert.Equal(ordinary.Statistics.LogLikelihood, fit.ThreeLevelLogLikelihood, 12);
        Assert.True(fit.LogLikelihood >= fit.ThreeLevelLogLikelihood - 1e-9, "the selection model nests the model without selection");
        Assert.Equal(2 * (fit.LogLikelihood - fit.ThreeLevelLogLikelihood), fit.LikelihoodRatio, 10);
        Assert.Equal(1, fit.LikelihoodRatioDegreesOfFreedom);
        Assert.Equal(1, fit.Deltas[0]);
        Assert.True(double.IsNaN(fit.DeltaStandardErrors[0]));
    }
}
