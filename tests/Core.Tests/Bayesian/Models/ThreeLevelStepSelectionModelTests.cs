using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class ThreeLevelStepSelectionModelTests
{
    private static readonly EffectData Data = EffectData.Create(
        [0.45, 0.12, 0.61, -0.05, 0.33, 0.28, 0.52, 0.07, 0.9, -0.2, 0.41, 0.15],
        [0.04, 0.03, 0.09, 0.02, 0.05, 0.01, 0.06, 0.05, 0.12, 0.03, 0.02, 0.08]);

    private static readonly string[] Studies = ["a", "a", "a", "b", "b", "c", "c", "c", "d", "d", "e", "e"];

    private static ThreeLevelStepSelectionModel Create(StepWeightPrior? weights = null) =>
        new(Data, Studies, [0.025, 0.5], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5), weights);

    [Fact]
    public void LogDensityGradient_AgreesWithFiniteDifferences()
    {
        var model = Create();

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 40));
        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 41, radius: 2));
    }

    [Fact]
    public void LogDensityGradient_CumulativeDirichletWithModerator_AgreesWithFiniteDifferences()
    {
        var design = DesignMatrix.FromColumns([(DesignMatrix.InterceptName, Enumerable.Repeat(1.0, 12).ToArray()), ("x", Enumerable.Range(0, 12).Select(i => i / 6.0).ToArray())]);
        var model = new ThreeLevelStepSelectionModel(Data, Studies, [0.025, 0.5], NormalPrior.Create(0, 1), ScalePrior.HalfCauchy(0.3), ScalePrior.HalfNormal(0.5), StepWeightPrior.CumulativeDirichlet([1, 2, 1.5]), design, NormalPrior.Create(0, 2));

        Assert.Equal(["beta[intrcpt]", "beta[x]", "sigma_between", "sigma_within", "omega[0.025-0.5]", "omega[0.5-1]"], model.ParameterNames);
        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 42));
    }

    [Fact]
    public void PointwiseLogLikelihood_IsEachStudysTermOfTheFrequentistLikelihood()
    {
        // The studies' terms add up to the frequentist three-level selection likelihood at the same parameters.
        var model = Create();
        var constrained = new double[] { 0.2, 0.15, 0.1, 0.6, 0.3 };
        var unconstrained = new double[model.Dimension];
        model.Unconstrain(constrained, unconstrained);
        var terms = new double[model.ObservationCount];

        model.PointwiseLogLikelihood(unconstrained, terms);

        var likelihood = new ThreeLevelSelectionLikelihood(Data, EffectClusters.Create(Studies, 12), new StepWeightFunction([0.025, 0.5]), SelectionAlternative.Greater, DesignMatrix.InterceptOnly(12));
        Assert.Equal(5, terms.Length);
        Assert.Equal(likelihood.Evaluate([0.2, 0.0225, 0.01, 0.6, 0.3], new double[5]), terms.Sum(), 10);
    }

    [Fact]
    public void Constructor_CutPointAtOne_ThrowsNamingSteps()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new ThreeLevelStepSelectionModel(Data, Studies, [0.025, 1], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));

        Assert.Equal("steps", ex.Field);
    }

    /// <summary>
    /// Flat-prior check against the frequentist three-level selection model's ML fit, on dat.hackshaw1998 with its
    /// 37 effects grouped in threes in their order (13 studies; a nesting made for the check, because the ML weight
    /// must lie inside (0, 1), where the Bayesian weights live: on dat.konstantopoulos2011 it is 3.4). Under wide
    /// priors (μ ~ N(0, 10²), both σ ~ half-normal(5), ω₂ uniform) the posterior mean of μ lies within a quarter of
    /// its posterior SD of the ML estimate (a posterior mean differs from the maximum by order SD/√studies).
    /// </summary>
    [Fact]
    public void Sample_WidePriorsOnNestedHackshaw_PosteriorMeanOfMuIsNearTheMaximumLikelihoodFit()
    {
        var reference = ReferenceCaseFile.Load("sel-hackshaw-step2.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var studies = Enumerable.Range(0, data.K).Select(i => FormattableString.Invariant($"study {i / 3}")).ToArray();
        var ml = ThreeLevelSelectionModel.Fit(data, EffectClusters.Create(studies, data.K), new StepWeightFunction([0.025, 1]));
        var model = new ThreeLevelStepSelectionModel(data, studies, [0.025], NormalPrior.Create(0, 10), ScalePrior.HalfNormal(5), ScalePrior.HalfNormal(5));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 43, WarmupIterations = 500, SamplingIterations = 1000, TargetAcceptance = 0.9 });

        var mu = ParameterSummary.Compute("mu", result.Draws("mu"));
        var sd = DrawSd(result.PooledDraws("mu"));
        var estimate = ml.Coefficients[0].Estimate;
        Assert.InRange(ml.Deltas[1], 0.2, 0.9);
        Assert.True(Math.Abs(mu.Mean - estimate) <= (0.25 * sd) + (4 * mu.McseMean), $"posterior mean {mu.Mean} (sd {sd}, MCSE {mu.McseMean}), ML {estimate}");
    }

    private static double DrawSd(double[] draws)
    {
        var mean = draws.Average();
        return Math.Sqrt(draws.Sum(d => (d - mean) * (d - mean)) / (draws.Length - 1));
    }
}
