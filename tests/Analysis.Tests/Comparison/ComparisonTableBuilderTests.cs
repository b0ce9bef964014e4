using MetaAnalysis.Tests.Shared;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Comparison;

namespace MetaAnalysis.Analysis.Tests.Comparison;

public sealed class ComparisonTableBuilderTests
{
    [Fact]
    public void Build_MarginalLikelihoods_BayesFactorsAndProbabilitiesInClosedForm()
    {
        var table = ComparisonTableBuilder.Build(
        [
            new ComparisonInput("a", "j1", TestSpecs.Result(-11)),
            new ComparisonInput("b", "j2", TestSpecs.Result(-10)),
            new ComparisonInput("c", "j3", TestSpecs.Result(-12.5)),
        ]);

        // Equal prior odds: P(m | y) ∝ p(y | m) = e^ℓ; the reference is b (largest ℓ).
        var total = Math.Exp(-11) + Math.Exp(-10) + Math.Exp(-12.5);
        Assert.Equal("b", table.ReferenceModel);
        Assert.Equal(-1, table.Rows[0].LogBayesFactor, 12);
        Assert.Equal(0, table.Rows[1].LogBayesFactor, 12);
        Assert.Equal(-2.5, table.Rows[2].LogBayesFactor, 12);
        Assert.Equal(Math.Exp(-11) / total, table.Rows[0].PosteriorProbability, 12);
        Assert.Equal(Math.Exp(-10) / total, table.Rows[1].PosteriorProbability, 12);
        Assert.Equal(Math.Exp(-12.5) / total, table.Rows[2].PosteriorProbability, 12);
    }

    [Fact]
    public void Build_HugeMarginalLikelihoods_NoOverflow()
    {
        var table = ComparisonTableBuilder.Build([new ComparisonInput("a", "j1", TestSpecs.Result(-5000)), new ComparisonInput("b", "j2", TestSpecs.Result(-5001))]);

        Assert.Equal(1 / (1 + Math.Exp(-1)), table.Rows[0].PosteriorProbability, 12);
    }

    [Fact]
    public void Build_FailedModelAndFrequentistModel_MissingRowAndCopiedInformationCriteria()
    {
        var frequentist = new FitResult { Fit = new ModelFit { Aic = 12.5, Bic = 14 } };
        var loo = new FitResult { Fit = new ModelFit { ElpdLoo = -20, ElpdLooSe = 2 } };
        var better = new FitResult { Fit = new ModelFit { ElpdLoo = -18 } };

        var table = ComparisonTableBuilder.Build(
        [
            new ComparisonInput("failed", "j1", null),
            new ComparisonInput("reml", "j2", frequentist),
            new ComparisonInput("nuts", "j3", loo),
            new ComparisonInput("nuts2", "j4", better),
        ]);

        Assert.True(table.Rows[0].Missing);
        Assert.False(table.Rows[0].HasAic);
        Assert.Equal(12.5, table.Rows[1].Aic);
        Assert.Equal(14, table.Rows[1].Bic);
        Assert.False(table.Rows[1].HasPosteriorProbability);
        Assert.Equal(-2, table.Rows[2].ElpdLooDifference);
        Assert.Equal(2, table.Rows[2].ElpdLooSe);
        Assert.Equal(0, table.Rows[3].ElpdLooDifference);
        Assert.Equal(string.Empty, table.ReferenceModel);
    }
}
