using MetaAnalysis.Contracts.V1;
using DiagnosticReport = MetaAnalysis.Core.Bayesian.Diagnostics.DiagnosticReport;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public sealed class NutsFitterTests
{
    private static readonly double[] Yi = [0.3, 0.1, 0.5, -0.2, 0.4, 0.25, 0.05, 0.6];
    private static readonly double[] Vi = [0.04, 0.02, 0.05, 0.03, 0.06, 0.02, 0.03, 0.05];

    [Fact]
    public void Fit_BcgStudentTRandomEffects_AgreesWithLongStanRun()
    {
        var reference = ReferenceCase.Load("bayes-t4-bcg");
        var spec = Spec(reference.Numbers("yi"), reference.Numbers("vi"), new Model { RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.StudentT, StudentTDf = 4 } });
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 4 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal("nuts", result.Engine);
        AssertMeanAgrees(reference, "mu", ExactBayesFitterTests.Parameter(result, "mu"));
        AssertMeanAgrees(reference, "tau", ExactBayesFitterTests.Parameter(result, "tau"));
        Assert.True(result.Diagnostics.MaxRhat < 1.01, $"R-hat {result.Diagnostics.MaxRhat}");
        Assert.Equal(4, result.Diagnostics.EBfmi.Count);
    }

    [Fact]
    public void Fit_EmaxCurve_AgreesWithLongStanRun()
    {
        var reference = ReferenceCase.Load("bayes-emax-synthetic");
        var spec = Spec(reference.Numbers("yi"), reference.Numbers("vi"), new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Emax } });
        spec.Data.Dose.AddRange(reference.Numbers("dose"));
        spec.Priors = new Priors
        {
            E0 = new NormalPriorSpec { Mean = 0, Sd = 1 },
            Emax = new NormalPriorSpec { Mean = 0, Sd = 1 },
            Ed50 = new PositivePriorSpec { LogNormal = new PositivePriorSpec.Types.LogNormal { Meanlog = 3.40119738166216, Sdlog = 1 } },
            Tau = ExactBayesFitterTests.HalfNormal(0.5),
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        foreach (var name in new[] { "e0", "emax", "ed50", "tau" })
        {
            AssertMeanAgrees(reference, name, ExactBayesFitterTests.Parameter(result, name));
        }
    }

    [Fact]
    public void Fit_NormalRandomEffects_AgreesWithTheExactEngineAndReportsWhileSampling()
    {
        var spec = Spec(Yi, Vi, new Model { RandomEffects = new RandomEffectsSpec() });
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 1 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) };
        spec.Engine.Nuts.PartialSummaryEvery = 250;
        spec.Report = new Reporting { Predictive = true, Loo = true };
        var observer = new RecordingObserver();

        var sampled = FitterCatalog.Default.Fit(spec, observer, default);
        var exactSpec = spec.Clone();
        exactSpec.Engine = new Engine { ExactBayes = new ExactBayesEngine() };
        exactSpec.Report = new Reporting { Predictive = true };
        var exact = FitterCatalog.Default.Fit(exactSpec, NullFitObserver.Instance, default);

        foreach (var name in new[] { "mu", "tau", "theta_new" })
        {
            var draws = ExactBayesFitterTests.Parameter(sampled, name);
            var integrated = ExactBayesFitterTests.Parameter(exact, name);
            var mcse = draws.HasMcseMean ? draws.McseMean : ExactBayesFitterTests.Parameter(sampled, "mu").McseMean;
            Assert.True(Math.Abs(draws.Mean - integrated.Mean) < 5 * mcse, $"{name}: sampled {draws.Mean} ± {mcse}, exact {integrated.Mean}");
            Assert.True(Math.Abs(draws.Sd - integrated.Sd) < 0.1 * integrated.Sd, $"{name} sd: sampled {draws.Sd}, exact {integrated.Sd}");
        }

        // Four chains of 1000 draws, a partial summary every 250 draws per chain: after 1000, 2000, 3000 and 4000 draws.
        Assert.Equal([1000L, 2000, 3000, 4000], observer.PartialSummaries.Select(s => s.Draws).Order());
        var last = observer.PartialSummaries.MaxBy(s => s.Draws);
        Assert.Equal(ExactBayesFitterTests.Parameter(sampled, "mu").Mean, last.Parameters.Single(p => p.Name == "mu").Mean, 12);
        Assert.Equal(1, observer.Fractions.Max(), 12);
        Assert.Contains(observer.DiagnosticsSeen, d => d.HasDivergences);
        Assert.True(sampled.Fit.HasElpdLoo && sampled.Fit.ElpdLooSe > 0);
    }

    [Fact]
    public void Fit_BinomialNormal_SameDrawsAsTheCoreModelSampledDirectly()
    {
        double[] ai = [3, 0, 5, 2, 7];
        double[] n1i = [40, 25, 60, 30, 80];
        double[] ci = [8, 2, 9, 6, 10];
        double[] n2i = [42, 24, 58, 31, 79];
        var spec = new ModelSpec
        {
            Data = new DataSet { Raw = new RawColumns { Measure = "OR", Ai = { ai }, N1I = { n1i }, Ci = { ci }, N2I = { n2i } } },
            Model = new Model { BinomialNormal = new BinomialNormalSpec() },
            Engine = new Engine { Nuts = new NutsEngine { Chains = 2, Warmup = 300, Draws = 300, Seed = 11 } },
            Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 2 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) },
            Report = new Reporting { Level = 0.9 },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var model = new Core.Bayesian.Models.BinomialNormalModel(ai, n1i, ci, n2i, NormalPrior.Create(0, 2), ScalePrior.HalfNormal(0.5), SampledModel.BaselinePrior);
        var direct = Sampler.Run(model, new SamplerOptions { Chains = 2, WarmupIterations = 300, SamplingIterations = 300, Seed = 11 });
        var mu = direct.PooledDraws("mu").Order().ToArray();
        var summary = ExactBayesFitterTests.Parameter(result, "mu");
        Assert.Equal(mu.Average(), summary.Mean, 12);
        Assert.Equal(MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(mu, 0.05, MathNet.Numerics.Statistics.QuantileDefinition.R7), summary.Lower, 12);
        Assert.Equal(DiagnosticReport.Create(direct, ["mu", "tau"])["tau"].Rhat, ExactBayesFitterTests.Parameter(result, "tau").Rhat);
        Assert.Equal(["mu", "tau"], result.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Fit_SameSpecTwice_SameResult()
    {
        var spec = Spec(Yi, Vi, new Model { RandomEffects = new RandomEffectsSpec() });
        spec.Engine.Nuts = new NutsEngine { Chains = 3, Warmup = 200, Draws = 200, Seed = 5 };
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 1 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) };

        var first = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);
        var second = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Fit_CancelledWhileSampling_StopsWithOperationCanceled()
    {
        var spec = Spec(Yi, Vi, new Model { RandomEffects = new RandomEffectsSpec() });
        spec.Engine.Nuts.Draws = 100_000;
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 1 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) };
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver { OnProgress = cancellation.Cancel };

        Assert.ThrowsAny<OperationCanceledException>(() => FitterCatalog.Default.Fit(spec, observer, cancellation.Token));
    }

    /// <summary>
    /// The case's MCSE comes from 100,000 draws, ours from 4,000: the difference of the two estimates is
    /// judged against both, as the conformance runner does (z of 4 plus the case's absolute tolerance).
    /// </summary>
    private static void AssertMeanAgrees(ReferenceCase reference, string name, PosteriorParameter summary)
    {
        var expected = reference.Expected($"{name}.mean");
        var allowed = 0.01 + (4 * Math.Sqrt(Math.Pow(reference.Expected($"{name}.mcse.mean"), 2) + (summary.McseMean * summary.McseMean)));
        Assert.True(Math.Abs(summary.Mean - expected) <= allowed, $"{name}: expected {expected} ± {allowed}, got {summary.Mean}");
    }

    private static ModelSpec Spec(double[] yi, double[] vi, Model model) => new()
    {
        Data = new DataSet { EffectSizes = new EffectSizes { Yi = { yi }, Vi = { vi } } },
        Model = model,
        Engine = new Engine { Nuts = new NutsEngine { Seed = 20240601 } },
    };
}
