using MetaAnalysis.ClientSdk.Results;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Results;

public sealed class AnalysisResultTests
{
    [Fact]
    public void Coefficients_ByName_TheNamedCoefficient()
    {
        var result = new AnalysisResult(Frequentist());

        Assert.Equal(0.25, result.Coefficients["intrcpt"].Estimate);
        Assert.Equal(0.01, result.Coefficients["dose"].Estimate);
        Assert.Equal(["intrcpt", "dose"], result.Coefficients.Keys);
    }

    [Fact]
    public void Coefficients_UnknownName_KeyNotFoundListingTheNames()
    {
        var result = new AnalysisResult(Frequentist());

        var error = Assert.Throws<KeyNotFoundException>(() => result.Coefficients["intercept"]);

        Assert.Contains("'intercept'", error.Message, StringComparison.Ordinal);
        Assert.Contains("intrcpt, dose", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_NoneReported_KeyNotFoundSayingSo()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new AnalysisResult(Frequentist()).Parameters["tau"]);

        Assert.Contains("none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Heterogeneity_SetAndUnsetFigures_NullOnlyWhereUnset()
    {
        var heterogeneity = new AnalysisResult(Frequentist()).Heterogeneity;

        Assert.Equal(0.04, heterogeneity.Tau2);
        Assert.Equal(0.0, heterogeneity.I2);
        Assert.Equal(3, heterogeneity.QEDf);
        Assert.Null(heterogeneity.Sigma2Between);
        Assert.Null(heterogeneity.R2);
    }

    [Fact]
    public void Parts_NotReported_NullEmptyOrAllNullFigures()
    {
        var result = new AnalysisResult(new FitResult());

        Assert.Null(result.Heterogeneity.Tau2);
        Assert.Null(result.Fit.LogMarginalLikelihood);
        Assert.Null(result.Diagnostics.Divergences);
        Assert.Null(result.PublicationBias);
        Assert.Null(result.ModeratorTest);
        Assert.Null(result.SubgroupTest);
        Assert.Null(result.EffectSizes);
        Assert.Null(result.Prediction);
        Assert.Null(result.CorrelationSweep);
        Assert.Null(result.PlotData);
        Assert.Empty(result.Coefficients);
        Assert.Empty(result.Influence);
    }

    [Fact]
    public void Parameters_SampledSummary_OptionalFiguresNullableByPresence()
    {
        var raw = new FitResult();
        raw.Parameters.Add(new PosteriorParameter { Name = "mu", Mean = 0.3, Rhat = 1.001, EssBulk = 3000, ProbabilityPositive = 0.99 });
        raw.Parameters.Add(new PosteriorParameter { Name = "tau", Mean = 0.1, Rhat = 1.002 });

        var result = new AnalysisResult(raw);

        Assert.Equal(0.3, result.Parameters["mu"].Mean);
        Assert.Equal(0.99, result.Parameters["mu"].ProbabilityPositive);
        Assert.Null(result.Parameters["tau"].ProbabilityPositive);
        Assert.Equal(1.002, result.Parameters["tau"].Rhat);
        Assert.Null(result.Parameters["tau"].HpdLower);
    }

    [Fact]
    public void PublicationBias_Checks_TypedWithOptionalFiguresNullable()
    {
        var raw = new FitResult { PublicationBias = new PublicationBiasChecks { Egger = new EggerTest { Model = "rma", PValue = 0.03 }, Begg = new BeggTest { PValue = 0.2 } } };
        raw.PublicationBias.FailSafeN.Add(new FailSafeNumber { Method = "Rosenthal", Number = 40, PValue = 0.001 });
        raw.PublicationBias.FailSafeN.Add(new FailSafeNumber { Method = "Orwin", Number = 12 });
        raw.PublicationBias.TrimAndFill.Add(new TrimAndFillResult { Model = "random_effects", Missing = 2 });

        var bias = new AnalysisResult(raw).PublicationBias;

        Assert.NotNull(bias);
        Assert.Equal(0.03, bias.Egger?.PValue);
        Assert.Null(bias.Egger?.Df);
        Assert.Equal(0.2, bias.Begg?.PValue);
        Assert.Equal(0.001, bias.FailSafeN["Rosenthal"].PValue);
        Assert.Null(bias.FailSafeN["Orwin"].PValue);
        Assert.Equal(2, bias.TrimAndFill["random_effects"].Missing);
    }

    [Fact]
    public void Fit_MarginalLikelihoodReported_ValueAndOthersNull()
    {
        var fit = new AnalysisResult(new FitResult { Fit = new ModelFit { LogMarginalLikelihood = -3.5, Parameters = 2 } }).Fit;

        Assert.Equal(-3.5, fit.LogMarginalLikelihood);
        Assert.Null(fit.ElpdLoo);
        Assert.Null(fit.Aic);
        Assert.Equal(2, fit.Parameters);
    }

    [Fact]
    public void Diagnostics_Nuts_FiguresAndSeed()
    {
        var diagnostics = new AnalysisResult(new FitResult { Diagnostics = new FitDiagnostics { Divergences = 0, MaxRhat = 1.01, Seed = 7, Chains = 4 } }).Diagnostics;

        Assert.Equal(0, diagnostics.Divergences);
        Assert.Equal(1.01, diagnostics.MaxRhat);
        Assert.Equal(7ul, diagnostics.Seed);
        Assert.Null(diagnostics.IntegrationError);
    }

    [Fact]
    public void Subgroups_ByLevel_FrequentistEstimateAndOwnTau2()
    {
        var raw = new FitResult { SubgroupTest = new TestStatistic { Name = "QB", Statistic = 4.2, Df = 1, PValue = 0.04 } };
        raw.Subgroups.Add(new SubgroupEstimate { Level = "open", K = 3, Estimate = new Coefficient { Estimate = 0.4 }, Tau2 = 0.02 });
        raw.Subgroups.Add(new SubgroupEstimate { Level = "blind", K = 2, Posterior = new PosteriorParameter { Name = "mu[blind]", Mean = 0.1 } });

        var result = new AnalysisResult(raw);

        Assert.Equal(0.4, result.Subgroups["open"].Estimate?.Estimate);
        Assert.Equal(0.02, result.Subgroups["open"].Tau2);
        Assert.Null(result.Subgroups["open"].Posterior);
        Assert.Equal(0.1, result.Subgroups["blind"].Posterior?.Mean);
        Assert.Null(result.Subgroups["blind"].I2);
        Assert.Equal("QB", result.SubgroupTest?.Name);
        Assert.Null(result.SubgroupTest?.Df2);
    }

    [Fact]
    public void ModeratorTest_FTest_Df2Present()
    {
        var result = new AnalysisResult(new FitResult { ModeratorTest = new TestStatistic { Name = "F", Df = 1, Df2 = 8, PValue = 0.2 } });

        Assert.Equal(8, result.ModeratorTest?.Df2);
    }

    [Fact]
    public void EffectSizes_ImputedCorrelation_NullableByPresence()
    {
        var withImputation = new AnalysisResult(new FitResult { EffectSizes = new EffectSizeTable { Measure = "SMCR", ImputedCorrelation = 0.5 } });
        var without = new AnalysisResult(new FitResult { EffectSizes = new EffectSizeTable { Measure = "SMD" } });

        Assert.Equal(0.5, withImputation.EffectSizes?.ImputedCorrelation);
        Assert.Null(without.EffectSizes?.ImputedCorrelation);
        Assert.Equal("SMD", without.EffectSizes?.Measure);
    }

    [Fact]
    public void BayesFactors_ByHypothesis()
    {
        var raw = new FitResult();
        raw.BayesFactors.Add(new BayesFactor { Hypothesis = "effect", LogBayesFactor = 2.3 });

        Assert.Equal(2.3, new AnalysisResult(raw).BayesFactors["effect"].LogBayesFactor);
    }

    [Fact]
    public void Raw_IsTheWrappedMessage()
    {
        var raw = Frequentist();

        Assert.Same(raw, new AnalysisResult(raw).Raw);
    }

    [Fact]
    public void NamedDictionary_DuplicateName_FirstKept()
    {
        var raw = new FitResult();
        raw.Coefficients.Add(new Coefficient { Name = "x", Estimate = 1 });
        raw.Coefficients.Add(new Coefficient { Name = "x", Estimate = 2 });

        var coefficients = new AnalysisResult(raw).Coefficients;

        Assert.Equal(1, coefficients["x"].Estimate);
        Assert.Single(coefficients);
    }

    private static FitResult Frequentist()
    {
        var raw = new FitResult
        {
            Engine = "frequentist",
            Model = "meta_regression",
            K = 5,
            Heterogeneity = new Heterogeneity { Tau2 = 0.04, I2 = 0, QeDf = 3 },
        };
        raw.Coefficients.Add(new Coefficient { Name = "intrcpt", Estimate = 0.25 });
        raw.Coefficients.Add(new Coefficient { Name = "dose", Estimate = 0.01 });
        return raw;
    }
}
