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

    private static PublicationBiasChecks Checks()
    {
        var checks = new PublicationBiasChecks
        {
            Egger = new EggerTest { Model = "rma", Statistic = 2.5, PValue = 0.012, LimitEstimate = 0.05 },
            Begg = new BeggTest { KendallTau = 0.2, PValue = 0.08 },
            PetPeese = new PetPeeseResult
            {
                Chosen = "PEESE",
                PetOneSidedPValue = 0.01,
                Estimate = new Coefficient { Name = "intrcpt", Estimate = 0.123, CiLower = 0.01, CiUpper = 0.236, PValue = 0.03 },
                Pet = { new Coefficient { Name = "intrcpt", Estimate = 0.08 }, new Coefficient { Name = "sei", Estimate = 1.1, PValue = 0.02 } },
                Peese = { new Coefficient { Name = "intrcpt", Estimate = 0.123 }, new Coefficient { Name = "vi", Estimate = 3.2, PValue = 0.02 } },
            },
        };
        var step = new SelectionModelResult
        {
            Type = "stepfun",
            Steps = { 0.025, 1 },
            Alternative = "greater",
            Tau2 = 0.0166,
            Coefficients = { new Coefficient { Name = "intrcpt", Estimate = 0.1944, CiLower = 0.038, CiUpper = 0.351 } },
            Deltas = { new SelectionParameter { Name = "p ≤ 0.025", Estimate = 1, Fixed = true }, new SelectionParameter { Name = "0.025 < p ≤ 1", Estimate = 0.764, Se = 0.599 } },
            LikelihoodRatio = new TestStatistic { Name = "LRT", Statistic = 0.117, Df = 1, PValue = 0.732 },
        };
        checks.SelectionModels.Add(step);
        return checks;
    }

    [Fact]
    public void PublicationBiasSummary_NamesAsymmetryAdjustedEstimatesAndTheSelectionTest()
    {
        var summary = PlainSummary.OfPublicationBias(Checks(), k: 37);

        Assert.Contains("The funnel plot is asymmetric (Egger's test p = 0.0120, Begg's test p = 0.0800)", summary, StringComparison.Ordinal);
        Assert.Contains("PET-PEESE 0.123 [0.010, 0.236] (PEESE)", summary, StringComparison.Ordinal);
        Assert.Contains("the step function (0.025, 1) selection model 0.194 [0.038, 0.351]", summary, StringComparison.Ordinal);
        Assert.Contains("No selection model fits significantly better", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("little power", summary, StringComparison.Ordinal);
        Assert.Contains("little power", PlainSummary.OfPublicationBias(Checks(), k: 8), StringComparison.Ordinal);
    }

    [Fact]
    public void PublicationBiasTable_ShowsPetPeeseAndEachSelectionModelBesideTheClassicalChecks()
    {
        var rows = FitResultTables.PublicationBias(Checks()).Rows;

        Assert.Equal(
            ["Egger's regression test (mixed-effects, on the SE)", "Begg's rank correlation", "PET (regression on the SE)", "PEESE (regression on the variance)", "PET-PEESE (conditional)", "Selection model, step function (0.025, 1)"],
            rows.Select(r => r[0]));
        Assert.Equal("adjusted 0.194 [0.038, 0.351]", rows[^1][1]);
        Assert.Contains("0.025 < p ≤ 1: 0.764 (SE 0.599)", rows[^1][3], StringComparison.Ordinal);
        Assert.Contains("PEESE's intercept", rows[4][3], StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ClusterRobustFit_SaysSoAndWarnsOfFewDegreesOfFreedom()
    {
        var result = RandomEffects(0.03);
        result.Description = "three-level (REML), CR2 cluster-robust with Satterthwaite df";
        result.Coefficients[0].Df = 3.2;

        var summary = PlainSummary.Of(result);

        Assert.Contains("CR2 cluster-robust with Satterthwaite degrees of freedom", summary, StringComparison.Ordinal);
        Assert.Contains("as few as 3.2 degrees of freedom", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_CorrelatedSamplingErrors_SaysVWasBuiltWithRhoAndTablesShowIt()
    {
        var result = new FitResult
        {
            Engine = "frequentist",
            Model = "three_level",
            K = 31,
            Description = "three-level (REML) on V with ρ = 0.6 within studies, CR2 cluster-robust with Satterthwaite df",
            Coefficients = { new Coefficient { Name = "intrcpt", Estimate = 0.21, Se = 0.08, Statistic = 2.6, PValue = 0.03, CiLower = 0.03, CiUpper = 0.39, Df = 8.1 } },
            Heterogeneity = new Heterogeneity { Sigma2Between = 0.02, Sigma2Within = 0.01, Qe = 50, QeDf = 30, QePValue = 0.01 },
            SamplingCorrelation = 0.6,
        };

        Assert.Contains("working correlation ρ = 0.6", PlainSummary.Of(result), StringComparison.Ordinal);
        var facts = FitResultTables.Of(result)[0];
        Assert.Contains(facts.Rows, r => r[0] == "sampling errors" && r[1] == "correlated within studies, working ρ = 0.60");
    }

    [Fact]
    public void SweepTable_OfTheSamplingErrorsCorrelation_IsHeadedByRho()
    {
        var sweep = new CorrelationSweepResult { SamplingErrors = true };
        sweep.Rows.Add(new SweepRow { Model = "CHE", Correlation = 0.2, Estimate = 0.25, Lower = 0.1, Upper = 0.4 });
        sweep.Rows.Add(new SweepRow { Model = "CHE", Correlation = 0.8, Estimate = 0.2, Lower = 0.05, Upper = 0.35 });

        var table = FitResultTables.Sweep(sweep);

        Assert.Equal(["ρ", "CHE"], table.Headers);
        Assert.Contains("working correlation ρ of the sampling errors", table.Title, StringComparison.Ordinal);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("r", FitResultTables.Sweep(new CorrelationSweepResult()).Headers[0]);
    }

    [Fact]
    public void Tables_LocationScaleAndPermutation_ShowScaleCoefficientsAndPermutationPValuesBesideTheOrdinaryOnes()
    {
        var result = new FitResult
        {
            Engine = "frequentist",
            Model = "meta_regression",
            K = 13,
            Coefficients =
            {
                new Coefficient { Name = "intrcpt", Estimate = 0.25, Se = 0.05, Statistic = 5, PValue = 1e-6, CiLower = 0.15, CiUpper = 0.35 },
                new Coefficient { Name = "ablat", Estimate = -0.03, Se = 0.01, Statistic = -3, PValue = 0.002, CiLower = -0.05, CiUpper = -0.01 },
            },
            ModeratorTest = new TestStatistic { Name = "QM", Statistic = 9, Df = 1, PValue = 0.002, Description = "test of moderators" },
            Permutation = new PermutationPValues { PValues = { 0.9363, 0.0438 }, ModeratorPValue = 0.0438, Exact = true, Arrangements = 10080 },
            Scale = new ScaleCoefficients
            {
                Coefficients = { new Coefficient { Name = "intrcpt", Estimate = -1.43, Se = 3.15 }, new Coefficient { Name = "ablat", Estimate = 0.0047, Se = 0.093, PValue = 0.96 } },
                Test = new TestStatistic { Name = "QS", Statistic = 0.0025, Df = 1, PValue = 0.96 },
            },
        };

        var coefficients = ResultTables.Model(result).First(t => t.Title.StartsWith("Coefficients", StringComparison.Ordinal));
        Assert.Equal("p (exact permutation, 10,080)", coefficients.Headers[5]);
        Assert.Equal("0.0438", coefficients.Rows[1][5]);
        var scale = FitResultTables.Of(result).Single(t => t.Title.StartsWith("Scale coefficients (log τ²)", StringComparison.Ordinal));
        Assert.Contains("QS(df = 1)", scale.Title, StringComparison.Ordinal);
        Assert.Equal(["intrcpt", "ablat"], scale.Rows.Select(r => r[0]));
        var summary = PlainSummary.Of(result);
        Assert.Contains("exact permutation test over all 10,080 arrangements", summary, StringComparison.Ordinal);
        Assert.Contains("do not show τ² to differ", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_Glmm_GivesTau2WithoutAnI2ItDoesNotHave()
    {
        var result = new FitResult
        {
            Engine = "frequentist",
            Model = "binomial_normal",
            Coefficients = { new Coefficient { Name = "intrcpt", Estimate = -0.745, Se = 0.176, Statistic = -4.2, PValue = 2e-5, CiLower = -1.09, CiUpper = -0.4 } },
            Heterogeneity = new Heterogeneity { Tau2 = 0.2949 },
        };

        var summary = PlainSummary.Of(result);

        Assert.Contains("τ² = 0.2949", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("I²", summary, StringComparison.Ordinal);
    }
}
