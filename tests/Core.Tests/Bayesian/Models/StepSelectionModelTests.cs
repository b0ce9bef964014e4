using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class StepSelectionModelTests
{
    private static readonly EffectData Data = EffectData.Create([0.45, 0.12, 0.61, -0.05, 0.33, 0.28, 0.52, 0.07], [0.04, 0.03, 0.09, 0.02, 0.05, 0.01, 0.06, 0.05]);
    private static readonly double[] Steps = [0.025, 0.5];

    private static StepSelectionModel Create() => new(Data, Steps, NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5));

    [Fact]
    public void LogDensityGradient_AgreesWithFiniteDifferences()
    {
        var model = Create();

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 20));
        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 21, radius: 3));
    }

    [Fact]
    public void LogDensityGradient_CumulativeDirichletWeights_AgreesWithFiniteDifferences()
    {
        var model = new StepSelectionModel(Data, Steps, NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), StepWeightPrior.CumulativeDirichlet([1, 2, 1.5]));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 22));
        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 23, radius: 3));
    }

    [Fact]
    public void Constructor_WeightPriorForOtherIntervals_ThrowsNamingAlpha()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new StepSelectionModel(Data, Steps, NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), StepWeightPrior.CumulativeDirichlet([1, 1])));

        Assert.Equal("alpha", ex.Field);
    }

    [Fact]
    public void PointwiseLogLikelihood_NoSelection_IsTheNormalRandomEffectsDensity()
    {
        var model = Create();
        double[] u = [0.2, Math.Log(0.15), 40, 40];
        var values = new double[Data.K];

        model.PointwiseLogLikelihood(u, values);

        for (var i = 0; i < Data.K; i++)
        {
            Assert.Equal(Normal.PDFLn(0.2, Math.Sqrt(Data.Vi[i] + 0.0225), Data.Yi[i]), values[i], 10);
        }
    }

    [Fact]
    public void PointwiseLogLikelihood_WithSelection_IsTheWeightedDensityOverItsIntegral()
    {
        var model = Create();
        double[] u = [0.2, Math.Log(0.15), 0.4, -1.1];
        var values = new double[Data.K];

        model.PointwiseLogLikelihood(u, values);

        var omega2 = 1 / (1 + Math.Exp(-0.4));
        var omega3 = 1 / (1 + Math.Exp(1.1));
        for (var i = 0; i < Data.K; i++)
        {
            var se = Math.Sqrt(Data.Vi[i]);
            var total = Math.Sqrt(Data.Vi[i] + 0.0225);
            double Weight(double y)
            {
                var p = 1 - Normal.CDF(0, 1, y / se);
                return p <= 0.025 ? 1 : p <= 0.5 ? omega2 : omega3;
            }

            // Integrate the weighted density numerically, piece by piece between the weight's jumps.
            var a = se * Normal.InvCDF(0, 1, 1 - 0.025);
            var b = se * Normal.InvCDF(0, 1, 1 - 0.5);
            double Density(double y) => Weight(y) * Normal.PDF(0.2, total, y);
            var integral = Integrate.OnClosedInterval(Density, 0.2 - (12 * total), b - 1e-12)
                + Integrate.OnClosedInterval(Density, b + 1e-12, a - 1e-12)
                + Integrate.OnClosedInterval(Density, a + 1e-12, 0.2 + (12 * total));
            var expected = Math.Log(Weight(Data.Yi[i]) * Normal.PDF(0.2, total, Data.Yi[i]) / integral);
            Assert.Equal(expected, values[i], 6);
        }
    }

    [Fact]
    public void Sample_PublishedMostlyWhenSignificant_CorrectsTheInflatedMean()
    {
        // Effects simulated with μ = 0, τ = 0 and se = 0.2; those with one-sided p < 0.025 are always
        // "published", the others one time in ten. The naive mean is inflated; the selection model,
        // which learns that non-significant results are published less often, is not.
        var random = new ChainRandom(27, 0);
        var published = new List<double>();
        while (published.Count < 60)
        {
            var y = 0.2 * random.NextStandardNormal();
            if (y / 0.2 > 1.959964 || random.NextUniform() < 0.1)
            {
                published.Add(y);
            }
        }

        var data = EffectData.Create(published, Enumerable.Repeat(0.04, published.Count).ToArray());
        var model = new StepSelectionModel(data, [0.025], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.3));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 28, TargetAcceptance = 0.9 });

        var mu = result.PooledDraws("mu");
        var naive = published.Average();
        Assert.True(naive > 0.05);
        Assert.True(Math.Abs(mu.Average()) < naive / 2);
        Assert.InRange(0, MathNet.Numerics.Statistics.Statistics.Quantile(mu, 0.025), MathNet.Numerics.Statistics.Statistics.Quantile(mu, 0.975));
        Assert.InRange(result.PooledDraws("omega[0.025-1]").Average(), 0.03, 0.4);
    }

    /// <summary>
    /// The posterior means of μ, τ and ω₂ under the cumulative Dirichlet prior (J = 2, so ω₂ is uniform) on
    /// dat.hackshaw1998, by a product Gauss-Legendre rule over (μ, τ, ω₂) on the natural scale, against NUTS
    /// within four Monte Carlo standard errors.
    /// </summary>
    [Fact]
    public void Sample_CumulativeDirichletOnHackshaw_MatchesQuadratureOfThePosterior()
    {
        var reference = ReferenceCaseFile.Load("bsel-hackshaw-step2.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var muPrior = NormalPrior.Create(0, 1);
        var model = new StepSelectionModel(data, [0.025], muPrior, ScalePrior.HalfNormal(0.5), StepWeightPrior.CumulativeDirichlet([1, 1]));

        var (mus, muWeights) = Panels(-0.2, 0.6, 3);
        var (taus, tauWeights) = Panels(0, 0.6, 3);
        var (omegas, omegaWeights) = Panels(0, 1, 3);
        var points = new List<(double LogDensity, double Weight, double Mu, double Tau, double Omega)>();
        var unconstrained = new double[3];
        var logLikelihood = new double[data.K];
        for (var a = 0; a < mus.Length; a++)
        {
            for (var b = 0; b < taus.Length; b++)
            {
                for (var c = 0; c < omegas.Length; c++)
                {
                    model.Unconstrain([mus[a], taus[b], omegas[c]], unconstrained);
                    model.PointwiseLogLikelihood(unconstrained, logLikelihood);
                    var logDensity = logLikelihood.Sum() + muPrior.LogDensity(mus[a]) - (0.5 * taus[b] * taus[b] / 0.25);
                    points.Add((logDensity, muWeights[a] * tauWeights[b] * omegaWeights[c], mus[a], taus[b], omegas[c]));
                }
            }
        }

        var peak = points.Max(p => p.LogDensity);
        var mass = points.Sum(p => p.Weight * Math.Exp(p.LogDensity - peak));
        double Mean(Func<(double LogDensity, double Weight, double Mu, double Tau, double Omega), double> f) =>
            points.Sum(p => p.Weight * Math.Exp(p.LogDensity - peak) * f(p)) / mass;

        var result = Sampler.Run(model, new SamplerOptions { Seed = 31, SamplingIterations = 2000, TargetAcceptance = 0.9 });

        foreach (var (name, exact) in new[] { ("mu", Mean(p => p.Mu)), ("tau", Mean(p => p.Tau)), ("omega[0.025-1]", Mean(p => p.Omega)) })
        {
            var summary = MetaAnalysis.Core.Bayesian.Diagnostics.ParameterSummary.Compute(name, result.Draws(name));
            Assert.True(Math.Abs(summary.Mean - exact) <= 4 * summary.McseMean, $"{name}: NUTS {summary.Mean} ± {summary.McseMean}, quadrature {exact}");
        }
    }

    /// <summary>
    /// Flat-prior check of the likelihood against metafor's selmodel on dat.hackshaw1998 (sel-hackshaw-step2):
    /// with flat priors the posterior mode is the maximum-likelihood estimate, so at metafor's (β, τ², δ₂) the
    /// model's log likelihood is metafor's maximum and its derivatives in μ, τ and ω₂ vanish.
    /// </summary>
    [Fact]
    public void PointwiseLogLikelihood_AtMetaforsSelmodelEstimate_IsItsMaximum()
    {
        var reference = ReferenceCaseFile.Load("sel-hackshaw-step2.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var model = new StepSelectionModel(data, [0.025], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5));
        var beta = reference.Expected["beta"]!.GetValue<double>();
        var tau = Math.Sqrt(reference.Expected["tau2"]!.GetValue<double>());
        var delta = reference.Expected["delta"]![1]!.GetValue<double>();
        double LogLikelihood(double mu, double t, double omega)
        {
            var unconstrained = new double[3];
            model.Unconstrain([mu, t, omega], unconstrained);
            var values = new double[data.K];
            model.PointwiseLogLikelihood(unconstrained, values);
            return values.Sum();
        }

        Assert.Equal(reference.Expected["loglik"]!.GetValue<double>(), LogLikelihood(beta, tau, delta), 6);
        const double h = 1e-5;
        Assert.True(Math.Abs((LogLikelihood(beta + h, tau, delta) - LogLikelihood(beta - h, tau, delta)) / (2 * h)) < 1e-3);
        Assert.True(Math.Abs((LogLikelihood(beta, tau + h, delta) - LogLikelihood(beta, tau - h, delta)) / (2 * h)) < 1e-3);
        Assert.True(Math.Abs((LogLikelihood(beta, tau, delta + h) - LogLikelihood(beta, tau, delta - h)) / (2 * h)) < 1e-3);
    }

    /// <summary>
    /// Flat-prior check by sampling, against metafor's selmodel ML fit of dat.hackshaw1998 (sel-hackshaw-step2):
    /// under near-flat priors (μ ~ N(0, 10²), τ ~ half-normal(5), ω₂ uniform) the posterior mean of μ lies within
    /// a quarter of its posterior SD of metafor's β (a posterior mean differs from the maximum by order SD/√k ≈
    /// 0.16 SD for k = 37). The SDs are not compared: metafor's δ₂ is unbounded (0.76, SE 0.60) while ω₂ ≤ 1
    /// here, which narrows μ's posterior (SD 0.055 against metafor's SE 0.080).
    /// </summary>
    [Fact]
    public void Sample_NearFlatPriorsOnHackshaw_PosteriorOfMuIsNearMetaforsSelmodel()
    {
        var reference = ReferenceCaseFile.Load("sel-hackshaw-step2.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var model = new StepSelectionModel(data, [0.025], NormalPrior.Create(0, 10), ScalePrior.HalfNormal(5));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 37, SamplingIterations = 2000, TargetAcceptance = 0.9 });

        var mu = MetaAnalysis.Core.Bayesian.Diagnostics.ParameterSummary.Compute("mu", result.Draws("mu"));
        var draws = result.PooledDraws("mu");
        var sd = Math.Sqrt(draws.Sum(d => (d - mu.Mean) * (d - mu.Mean)) / (draws.Length - 1));
        var beta = reference.Expected["beta"]!.GetValue<double>();
        Assert.True(Math.Abs(mu.Mean - beta) <= (0.25 * sd) + (4 * mu.McseMean), $"posterior mean {mu.Mean} (sd {sd}, MCSE {mu.McseMean}), metafor {beta}");
    }

    /// <summary>Nodes and weights of a composite 20-point Gauss-Legendre rule on [a, b] with equal panels.</summary>
    private static (double[] Nodes, double[] Weights) Panels(double a, double b, int panels)
    {
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(-1, 1, 20);
        var nodes = new List<double>();
        var weights = new List<double>();
        for (var p = 0; p < panels; p++)
        {
            var lower = a + ((b - a) * p / panels);
            var upper = a + ((b - a) * (p + 1) / panels);
            for (var i = 0; i < 20; i++)
            {
                nodes.Add(((lower + upper) / 2) + ((upper - lower) / 2 * rule.Abscissas[i]));
                weights.Add((upper - lower) / 2 * rule.Weights[i]);
            }
        }

        return (nodes.ToArray(), weights.ToArray());
    }

    [Fact]
    public void Constructor_CutPointsOutOfOrder_ThrowsNamingTheStep()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new StepSelectionModel(Data, [0.5, 0.025], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5)));

        Assert.Equal("steps[1]", ex.Field);
    }
}
