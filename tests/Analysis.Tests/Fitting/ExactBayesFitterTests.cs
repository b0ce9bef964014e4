using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public sealed class ExactBayesFitterTests
{
    [Fact]
    public void Fit_BcgHalfNormalTau_MatchesTheIndependentIntegration()
    {
        var reference = ReferenceCase.Load("bayes-bcg-hn05");
        var spec = Spec(reference, new Model { RandomEffects = new RandomEffectsSpec() });
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 4 }, Tau = HalfNormal(0.5) };
        spec.Report = new Reporting { MarginalLikelihood = true, Predictive = true };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal("exact_bayes", result.Engine);
        foreach (var name in new[] { "mu", "tau", "theta_new" })
        {
            AssertSummary(reference, name, Parameter(result, name));
        }

        reference.AssertClose("log_ml", result.Fit.LogMarginalLikelihood);
        reference.AssertClose("log_bf_effect", BayesFactor(result, "effect"));
        reference.AssertClose("log_bf_heterogeneity", BayesFactor(result, "heterogeneity"));
        Assert.InRange(result.Diagnostics.IntegrationError, 0, 1e-6);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Fit_BcgMetaRegressionOnLatitude_MatchesTheIndependentIntegration()
    {
        var reference = ReferenceCase.Load("bayes-bcg-ablat");
        var spec = Spec(reference, new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "ablat" } } });
        spec.Data.Moderators.Add(new ModeratorColumn { Name = "ablat", Continuous = new ContinuousValues { Values = { reference.Moderator("ablat") } } });
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 4 }, Slopes = new NormalPriorSpec { Mean = 0, Sd = 1 }, Tau = HalfNormal(0.5) };
        spec.Report = new Reporting { MarginalLikelihood = true };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        AssertSummary(reference, "beta[0]", Parameter(result, "beta[intrcpt]"));
        AssertSummary(reference, "beta[1]", Parameter(result, "beta[ablat]"));
        AssertSummary(reference, "tau", Parameter(result, "tau"));
        reference.AssertClose("log_ml", result.Fit.LogMarginalLikelihood);
        Assert.Contains(result.BayesFactors, b => b.Hypothesis == "slopes");
    }

    [Fact]
    public void Fit_KonstantopoulosThreeLevel_MatchesTheIndependentIntegration()
    {
        var reference = ReferenceCase.Load("bayes-konstantopoulos-3level");
        var spec = Spec(reference, new Model { ThreeLevel = new ThreeLevelSpec() });
        spec.Data.Clusters.AddRange(reference.Texts("cluster"));
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 1 }, SigmaBetween = HalfNormal(0.5), SigmaWithin = HalfNormal(0.5) };
        spec.Report = new Reporting { MarginalLikelihood = true };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        AssertSummary(reference, "mu", Parameter(result, "mu"));
        AssertSummary(reference, "sigma_between", Parameter(result, "sigma_between"));
        AssertSummary(reference, "sigma_within", Parameter(result, "sigma_within"));

        reference.AssertClose("log_ml", result.Fit.LogMarginalLikelihood);
        Assert.DoesNotContain(result.Parameters, p => p.Name is "tau" or "i2");
    }

    [Fact]
    public void Fit_HpdAndLevel_SameAsTheCorePosteriorCalledDirectly()
    {
        double[] yi = [0.3, 0.1, 0.5, -0.2, 0.4, 0.25];
        double[] vi = [0.04, 0.02, 0.05, 0.03, 0.06, 0.02];
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { yi }, Vi = { vi } } },
            Model = new Model { RandomEffects = new RandomEffectsSpec() },
            Engine = new Engine { ExactBayes = new ExactBayesEngine() },
            Priors = new Priors { Tau = new ScalePriorSpec { HalfCauchy = new ScalePriorSpec.Types.HalfCauchy { Scale = 0.3 } } },
            Report = new Reporting { Level = 0.8, Hpd = true, MarginalLikelihood = true },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var data = EffectData.Create(yi, vi);
        var posterior = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(6), [null], ScalePrior.HalfCauchy(0.3)));
        var tau = Parameter(result, "tau");
        var hpd = posterior.Tau.HighestDensityInterval(0.8);
        var central = posterior.Tau.CentralInterval(0.8);
        Assert.Equal((central.Lower, central.Upper, hpd.Lower, hpd.Upper), (tau.Lower, tau.Upper, tau.HpdLower, tau.HpdUpper));
        Assert.Equal(100 * posterior.I2.Mean, Parameter(result, "i2").Mean, 12);
        Assert.Equal(posterior.Coefficient(0).Mean, Parameter(result, "mu").Mean);

        // A flat prior on μ leaves the marginal likelihood undefined: no figure, a warning instead.
        Assert.False(result.Fit.HasLogMarginalLikelihood);
        Assert.Contains(result.Warnings, w => w.Contains("flat prior", StringComparison.Ordinal));
        Assert.Equal(posterior.LogBayesFactorHeterogeneity(), BayesFactor(result, "heterogeneity"), 10);
    }

    internal static PosteriorParameter Parameter(FitResult result, string name) => result.Parameters.Single(p => p.Name == name);

    /// <summary>The log Bayes factor of the model against itself without the part <paramref name="hypothesis"/> names.</summary>
    internal static double BayesFactor(FitResult result, string hypothesis) => result.BayesFactors.Single(b => b.Hypothesis == hypothesis).LogBayesFactor;

    internal static ScalePriorSpec HalfNormal(double scale) => new() { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = scale } };

    private static void AssertSummary(ReferenceCase reference, string path, PosteriorParameter summary)
    {
        reference.AssertClose($"{path}.mean", summary.Mean);
        reference.AssertClose($"{path}.sd", summary.Sd);
        reference.AssertClose($"{path}.median", summary.Median);
        reference.AssertClose($"{path}.q025", summary.Lower);
        reference.AssertClose($"{path}.q975", summary.Upper);
    }

    private static ModelSpec Spec(ReferenceCase reference, Model model) => new()
    {
        Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } } },
        Model = model,
        Engine = new Engine { ExactBayes = new ExactBayesEngine() },
    };
}
