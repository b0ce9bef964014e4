using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Reports.Tables;

namespace MetaAnalysis.Reports.Tests;

public class ReportTextTests
{
    private static FitResult RandomEffects(double p) => new()
    {
        Engine = "frequentist",
        Model = "random_effects",
        K = 12,
        Coefficients = { new Coefficient { Name = "intrcpt", Estimate = -0.7145, Se = 0.1798, Statistic = -3.97, PValue = p, CiLower = -1.0669, CiUpper = -0.3622 } },
        Heterogeneity = new Heterogeneity { Tau2 = 0.3132, I2 = 92.2, Qe = 152.23, QeDf = 12, QePValue = 1e-20 },
        Prediction = new PredictionInterval { Estimate = -0.7145, PiLower = -1.8705, PiUpper = 0.4415 },
    };

    [Fact]
    public void Summary_SmallP_SaysLessThanNeverEqualsLessThan()
    {
        var summary = PlainSummary.Of(RandomEffects(7e-5));

        Assert.Contains("p < 0.0001", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("= <", summary, StringComparison.Ordinal);
        Assert.Contains("considerable (τ² = 0.3132, I² = 92.2%; Q(12) = 152.23, p < 0.0001)", summary, StringComparison.Ordinal);
        Assert.Contains("between -1.871 and 0.442", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_BayesFactor_IsNamedWithItsDirectionAndStrength()
    {
        var result = new FitResult
        {
            Engine = "exact_bayes",
            Parameters = { new PosteriorParameter { Name = "mu", Mean = 0.05, Lower = -0.07, Upper = 0.18, ProbabilityPositive = 0.8 } },
            BayesFactors = { new BayesFactor { Hypothesis = "effect", Description = "an effect (μ ≠ 0)", LogBayesFactor = Math.Log(0.1) } },
        };

        Assert.Contains("moderate evidence against it", PlainSummary.Of(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_DoseModel_SayWhatTheCoefficientsArePerAndShowEd50InTheDosesUnit()
    {
        var result = new FitResult
        {
            Engine = "nuts",
            Model = "dose_response",
            DoseUnits = new DoseUnits { Scale = 10000, Unit = "pulses" },
            Parameters = { new PosteriorParameter { Name = "ed50", Mean = 6.4569, Sd = 8.0572, Median = 3.8123, Lower = 0.602, Upper = 29.279 } },
        };

        var posterior = Assert.Single(ResultTables.Model(result), t => t.Title.StartsWith("Posterior", StringComparison.Ordinal));

        Assert.Equal("Posterior (dose per 10,000 pulses)", posterior.Title);
        Assert.Equal(["ED50 (pulses)", "64569.0000", "80572.0000", "38123.0000", "[6020.000, 292790.000]", "–"], posterior.Rows[0]);
    }

    [Fact]
    public void Test_KnappHartung_PrintsBothDegreesOfFreedom()
    {
        var text = FitResultTables.Test(new TestStatistic { Name = "F", Statistic = 2.65, Df = 2, Df2 = 28, PValue = 0.088 });

        Assert.Equal("F(2, 28.0) = 2.65, p = 0.0880", text);
    }
}
