using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class CorrelationSensitivityTests
{
    private static readonly double[] Grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Pre/post summaries (m1i = post, m2i = pre) with two correlations unreported.</summary>
    private static readonly EffectSizeInput Input = new()
    {
        M1i = [10.19, 10.58, 12.11, 10.05],
        M2i = [9.66, 10.53, 10.79, 9.39],
        Sd1i = [1.06, 1.15, 1.18, 1.24],
        Sd2i = [1.5, 0.88, 1.28, 0.82],
        Ni = [27, 29, 10, 20],
        Ri = [0.37, double.NaN, 0.57, double.NaN],
    };

    [Fact]
    public void Sweep_RawScoreStandardization_VarianceFollowsTheClosedFormInR()
    {
        // SMCR: yi does not depend on r, vi = 2(1 - r)/n + yi²/(2n) is linear in r.
        var sweep = CorrelationSensitivity.Sweep(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd, Input, Grid, AssumedCorrelationRows.AllRows);

        Assert.Equal(Grid.Length, sweep.Results.Count);
        for (var k = 0; k < Grid.Length; k++)
        {
            var result = sweep.Results[k];
            Assert.Equal(Grid[k], result.ImputedCorrelation);
            Assert.Equal([0, 1, 2, 3], result.ImputedCorrelationRows);
            for (var i = 0; i < result.K; i++)
            {
                var n = Input.Ni![i];
                Assert.Equal(sweep.Results[0].Yi[i], result.Yi[i]);
                Assert.Equal((2 * (1 - Grid[k]) / n) + (result.Yi[i] * result.Yi[i] / (2 * n)), result.Vi[i], Tolerances.Algebra);
            }
        }
    }

    [Fact]
    public void Sweep_MissingOnly_KeepsReportedRowsAndImputesTheOthers()
    {
        var sweep = CorrelationSensitivity.Sweep(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, Input, Grid, AssumedCorrelationRows.MissingOnly);

        for (var k = 0; k < Grid.Length; k++)
        {
            var explicitR = Input with { Ri = [0.37, Grid[k], 0.57, Grid[k]] };
            var expected = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, explicitR);
            var result = sweep.Results[k];

            Assert.Equal(expected.Yi, result.Yi);
            Assert.Equal(expected.Vi, result.Vi);
            Assert.Equal([1, 3], result.ImputedCorrelationRows);
            Assert.Equal(sweep.Results[0].Yi[0], result.Yi[0]);
        }
    }

    [Fact]
    public void Sweep_AllRows_OverridesReportedCorrelations()
    {
        var sweep = CorrelationSensitivity.Sweep(EffectSizeMeasure.MeanChange, Input, [0.25], AssumedCorrelationRows.AllRows);

        var expected = EffectSizeCalculator.Compute(EffectSizeMeasure.MeanChange, Input with { Ri = [0.25, 0.25, 0.25, 0.25] });
        Assert.Equal(expected.Vi, sweep.Results[0].Vi);
        Assert.Equal([0.25], sweep.AssumedCorrelations);
        Assert.Equal(AssumedCorrelationRows.AllRows, sweep.Rows);
    }

    [Fact]
    public void Sweep_ChangeScoreStandardization_HigherCorrelationGivesLargerEffect()
    {
        // With positive change, sd_d² = sd1² + sd2² - 2 r sd1 sd2 shrinks as r grows, so yi grows.
        var sweep = CorrelationSensitivity.Sweep(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, Input, Grid, AssumedCorrelationRows.AllRows);

        for (var k = 1; k < Grid.Length; k++)
        {
            Assert.True(sweep.Results[k].Yi[0] > sweep.Results[k - 1].Yi[0]);
        }
    }

    [Fact]
    public void Sweep_NonPrePostMeasure_ThrowsNamingTheMeasure()
    {
        var input = new EffectSizeInput { Ri = [0.3], Ni = [30] };

        var error = Assert.Throws<InvalidInputException>(() => CorrelationSensitivity.Sweep(EffectSizeMeasure.FisherZCorrelation, input, Grid, AssumedCorrelationRows.AllRows));

        Assert.Equal("measure", error.Field);
    }

    [Fact]
    public void Sweep_AssumedCorrelationOutsideUnitInterval_ThrowsNamingTheElement()
    {
        var error = Assert.Throws<InvalidInputException>(() => CorrelationSensitivity.Sweep(EffectSizeMeasure.MeanChange, Input, [0.5, 1.5], AssumedCorrelationRows.MissingOnly));

        Assert.Equal("assumedCorrelations[1]", error.Field);
    }

    [Fact]
    public void Sweep_NoAssumedCorrelations_Throws()
    {
        var error = Assert.Throws<InvalidInputException>(() => CorrelationSensitivity.Sweep(EffectSizeMeasure.MeanChange, Input, [], AssumedCorrelationRows.MissingOnly));

        Assert.Equal("assumedCorrelations", error.Field);
    }

    [Fact]
    public void Sweep_WithImputedCorrelationOption_ThrowsNamingTheOption()
    {
        var options = new EffectSizeOptions { ImputedCorrelation = 0.5 };

        var error = Assert.Throws<InvalidInputException>(() => CorrelationSensitivity.Sweep(EffectSizeMeasure.MeanChange, Input, Grid, AssumedCorrelationRows.MissingOnly, options));

        Assert.Equal("options.imputedCorrelation", error.Field);
    }

    [Fact]
    public void Sweep_CorrelationColumnOfWrongLength_ThrowsNamingIt()
    {
        var input = Input with { Ri = [0.37, 0.5] };

        var error = Assert.Throws<InvalidInputException>(() => CorrelationSensitivity.Sweep(EffectSizeMeasure.MeanChange, input, Grid, AssumedCorrelationRows.AllRows));

        Assert.Equal("ri", error.Field);
    }
}
