using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MetaAnalysis.Core.Bayesian.Ensemble;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Bayesian.Ensemble;

public class MemberQuadratureTests
{
    private static readonly EnsemblePriors Priors = EnsemblePriors.RobmaDefault;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Integrate_GaussianMember_AgreesWithTheExactEngine(bool hasEffect)
    {
        var data = EnsembleTestData.Bcg();
        var member = new EnsembleMember(hasEffect, true, BiasAdjustment.None, 1);

        var quadrature = AdaptiveGaussHermiteQuadrature.Integrate(new MemberDensity(data, member, Priors));

        var model = ExactModel.RandomEffects(data.Effects, DesignMatrix.InterceptOnly(data.Effects.K), [Priors.Effect], Priors.Heterogeneity);
        var exact = ExactBayes.Fit(hasEffect ? model : model.WithoutCoefficients([DesignMatrix.InterceptName])).LogMarginalLikelihood!.Value;
        var difference = Math.Abs(quadrature.LogIntegral - exact);
        Assert.True(difference <= quadrature.ErrorEstimate + 1e-9, $"difference {difference:G3} above the stated error {quadrature.ErrorEstimate:G3}");
        Assert.True(difference < 1e-4, $"difference {difference:G3}");
    }

    [Fact]
    public void Integrate_ThreeLevelGaussianMember_AgreesWithTheExactEngine()
    {
        var data = EnsembleTestData.SchoolsInDistricts();
        var member = new EnsembleMember(true, true, BiasAdjustment.None, 1);

        var quadrature = AdaptiveGaussHermiteQuadrature.Integrate(new MemberDensity(data, member, Priors));

        var model = ExactModel.ThreeLevel(data.Effects, data.Studies!, DesignMatrix.InterceptOnly(data.Effects.K), [Priors.Effect], Priors.SigmaBetween, Priors.SigmaWithin);
        var exact = ExactBayes.Fit(model).LogMarginalLikelihood!.Value;
        var difference = Math.Abs(quadrature.LogIntegral - exact);
        Assert.True(difference <= quadrature.ErrorEstimate + 1e-9, $"difference {difference:G3} above the stated error {quadrature.ErrorEstimate:G3}");
        Assert.True(difference < 1e-3, $"difference {difference:G3}");
    }

    [Fact]
    public void Integrate_TwoSidedWeightFunctionWithoutEffect_AgreesWithBruteForce()
    {
        var data = EnsembleTestData.Bcg();
        var member = new EnsembleMember(false, true, BiasAdjustment.WeightFunction(PValueSides.TwoSided, [0.05]), 1);

        var quadrature = AdaptiveGaussHermiteQuadrature.Integrate(new MemberDensity(data, member, Priors));

        // ∫∫ p(τ) p(ω) L(0, τ, ω) dτ dω with ω ~ U(0, 1) (Dirichlet(1, 1) on (η₁, η₂), ω₂ = η₂), on log τ.
        var y = data.Effects.Yi;
        var v = data.Effects.Vi;
        double LogLikelihood(double tau, double omega)
        {
            var total = 0.0;
            for (var i = 0; i < y.Count; i++)
            {
                var se = Math.Sqrt(v[i]);
                var sd = Math.Sqrt(v[i] + (tau * tau));
                var cut = se * 1.959963984540054;
                var significantProbability = (1 - Normal.CDF(0, sd, cut)) + Normal.CDF(0, sd, -cut);
                var weight = Math.Abs(y[i]) > cut ? 1 : omega;
                total += Math.Log(weight) + Normal.PDFLn(0, sd, y[i]) - Math.Log(significantProbability + (omega * (1 - significantProbability)));
            }

            return total;
        }

        var shift = quadrature.Mode.LogDensity;
        var integral = GaussLegendreRule.Integrate(
            (t, omega) =>
            {
                var tau = Math.Exp(t);
                return Math.Exp(Priors.Heterogeneity.LogDensity(tau) + t + LogLikelihood(tau, omega) - shift);
            },
            -8,
            2,
            0,
            1,
            256);
        var bruteForce = shift + Math.Log(integral);
        var difference = Math.Abs(quadrature.LogIntegral - bruteForce);
        Assert.True(difference <= quadrature.ErrorEstimate + 1e-6, $"difference {difference:G3} above the stated error {quadrature.ErrorEstimate:G3}");
        Assert.True(difference < 1e-3, $"difference {difference:G3}");
    }

    [Fact]
    public void Integrate_OneSidedTwoCutsWithoutHeterogeneity_AgreesWithBruteForce()
    {
        var data = EnsembleTestData.Bcg();
        var member = new EnsembleMember(true, false, BiasAdjustment.WeightFunction(PValueSides.OneSided, [0.025, 0.05]), 1);

        var quadrature = AdaptiveGaussHermiteQuadrature.Integrate(new MemberDensity(data, member, Priors));

        // Dirichlet(1, 1, 1) on η makes (ω₂, ω₃) = (η₂ + η₃, η₃) uniform on 1 ≥ ω₂ ≥ ω₃ ≥ 0 with density 2;
        // ω₃ = s ω₂ with s ∈ (0, 1) has Jacobian ω₂.
        var y = data.Effects.Yi;
        var v = data.Effects.Vi;
        double LogLikelihood(double mu, double omega2, double omega3)
        {
            var total = 0.0;
            for (var i = 0; i < y.Count; i++)
            {
                var se = Math.Sqrt(v[i]);
                var p = 1 - Normal.CDF(0, se, y[i]);
                var first = 1 - Normal.CDF(mu, se, se * Normal.InvCDF(0, 1, 1 - 0.025));
                var below05 = 1 - Normal.CDF(mu, se, se * Normal.InvCDF(0, 1, 1 - 0.05));
                var normalizer = first + (omega2 * (below05 - first)) + (omega3 * (1 - below05));
                var weight = p <= 0.025 ? 1 : p <= 0.05 ? omega2 : omega3;
                total += Math.Log(weight) + Normal.PDFLn(mu, se, y[i]) - Math.Log(normalizer);
            }

            return total;
        }

        var shift = quadrature.Mode.LogDensity;
        var mean = quadrature.Means[0];
        var sd = quadrature.Sds[0];
        var rule = new GaussLegendreRule(0, 1, 96);
        var muRule = new GaussLegendreRule(mean - (12 * sd), mean + (12 * sd), 160);
        var integral = 0.0;
        for (var a = 0; a < muRule.Abscissas.Length; a++)
        {
            var mu = muRule.Abscissas[a];
            var muPrior = Priors.Effect.LogDensity(mu);
            for (var b = 0; b < rule.Abscissas.Length; b++)
            {
                for (var c = 0; c < rule.Abscissas.Length; c++)
                {
                    var omega2 = rule.Abscissas[b];
                    var omega3 = rule.Abscissas[c] * omega2;
                    integral += muRule.Weights[a] * rule.Weights[b] * rule.Weights[c] * 2 * omega2
                        * Math.Exp(muPrior + LogLikelihood(mu, omega2, omega3) - shift);
                }
            }
        }

        var bruteForce = shift + Math.Log(integral);
        var difference = Math.Abs(quadrature.LogIntegral - bruteForce);
        Assert.True(difference <= quadrature.ErrorEstimate + 1e-6, $"difference {difference:G3} above the stated error {quadrature.ErrorEstimate:G3}");
        Assert.True(difference < 1e-3, $"difference {difference:G3}");
    }

    [Fact]
    public void LogDensity_ThreeLevelSelection_IntegratesEachStudyEffectAsBruteForceDoes()
    {
        var data = EnsembleTestData.SchoolsInDistricts();
        var adjustment = BiasAdjustment.WeightFunction(PValueSides.OneSided, [0.025, 0.5]);
        var density = new MemberDensity(data, new EnsembleMember(true, true, adjustment, 1), Priors);
        double[] natural = [0.15, 0.25, 0.12, 0.6, 0.3];
        var u = new double[density.Dimension];
        density.Unconstrain(natural, u);

        var value = density.LogDensity(u);

        // Independent: every study's likelihood ∫ Πᵢ ω_j(i) N(yᵢ | μ + σ_b x, vᵢ + σ_w²) / Aᵢ(x) φ(x) dx on a fine grid.
        var y = data.Effects.Yi;
        var v = data.Effects.Vi;
        double[] weights = [1, 0.6, 0.3];
        var logPrior = Priors.Effect.LogDensity(0.15) + Priors.SigmaBetween.LogDensity(0.25) + Math.Log(0.25)
            + Priors.SigmaWithin.LogDensity(0.12) + Math.Log(0.12) + adjustment.WeightPrior.Constrain(u.AsSpan(3), new double[3]);
        var logLikelihood = 0.0;
        foreach (var study in data.Studies!.Distinct())
        {
            var rows = Enumerable.Range(0, y.Count).Where(i => data.Studies![i] == study).ToArray();
            var likelihood = GaussLegendreRule.Integrate(
                x =>
                {
                    var product = Normal.PDF(0, 1, x);
                    foreach (var i in rows)
                    {
                        var se = Math.Sqrt(v[i]);
                        var mean = 0.15 + (0.25 * x);
                        var sd = Math.Sqrt(v[i] + (0.12 * 0.12));
                        var p = 1 - Normal.CDF(0, se, y[i]);
                        var e1 = 1 - Normal.CDF(mean, sd, se * Normal.InvCDF(0, 1, 0.975));
                        var e2 = 1 - Normal.CDF(mean, sd, se * Normal.InvCDF(0, 1, 0.5));
                        var normalizer = e1 + (0.6 * (e2 - e1)) + (0.3 * (1 - e2));
                        var weight = p <= 0.025 ? 1 : p <= 0.5 ? 0.6 : 0.3;
                        product *= weight * Normal.PDF(mean, sd, y[i]) / normalizer;
                    }

                    return product;
                },
                -12,
                12,
                2048);
            logLikelihood += Math.Log(likelihood);
        }

        Assert.Equal(logPrior + logLikelihood, value, 1e-6);
    }
}
