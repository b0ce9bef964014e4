using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

/// <summary>A row with a missing input gives a missing effect, as metafor's escalc gives NA, and the other rows are unchanged.</summary>
public class MissingInputsTests
{
    /// <summary>metadat::dat.normand1999 with m2i of the fourth study missing.</summary>
    private static readonly EffectSizeInput Normand = new()
    {
        M1i = [55, 27, 64, 66, 14, 19, 52, 21, 30],
        Sd1i = [47, 7, 17, 20, 8, 7, 45, 16, 27],
        N1i = [155, 31, 75, 18, 8, 57, 34, 110, 60],
        M2i = [75, 29, 119, double.NaN, 18, 18, 41, 31, 23],
        Sd2i = [64, 4, 29, 48, 11, 4, 34, 27, 20],
        N2i = [156, 32, 71, 18, 13, 52, 33, 183, 52],
    };

    [Fact]
    public void Compute_MissingMean_GivesNaForThatRowAndMetaforsValuesForTheOthers()
    {
        // R: m2 <- dat.normand1999$m2i; m2[4] <- NA; escalc("SMD", m1i, sd1i, n1i, m2, sd2i, n2i, data = dat.normand1999)
        double[] yi = [-0.35516964094010689, -0.34794002273909852, -2.31756916016373049, double.NaN, -0.38396414116970129, 0.17214866906959103, 0.27205207385293190, -0.42459627189426086, 0.28955623008075509];
        double[] vi = [0.013064675541529683, 0.064468876098856681, 0.045812110280182811, double.NaN, 0.205433278392224222, 0.036910570000361909, 0.060267125836432664, 0.014863038419332694, 0.036271734158054549];

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, Normand);

        Assert.Equal(9, result.K);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(yi[i], result.Yi[i], Tolerances.Algebra);
            Assert.Equal(vi[i], result.Vi[i], Tolerances.Algebra);
        }

        Assert.Equal([new MissingInput(3, "m2i")], result.MissingInputs);
    }

    [Fact]
    public void Compute_BadCellAfterAMissingRow_NamesItsOwnRow()
    {
        var input = Normand with { Sd2i = [64, 4, 29, 48, 11, 4, -34, 27, 20] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.MeanDifference, input));

        Assert.Equal("sd2i[6]", error.Field);
    }

    [Fact]
    public void Compute_ZeroCellTableAfterAMissingRow_ListsItsOwnRow()
    {
        var input = new EffectSizeInput { Ai = [double.NaN, 3, 0], Bi = [10, 9, 12], Ci = [2, 4, 5], Di = [11, 8, 7] };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, input);

        Assert.Equal([2], result.ZeroCellCorrectedRows);
        Assert.Equal([new MissingInput(0, "ai")], result.MissingInputs);
        Assert.True(double.IsNaN(result.Yi[0]));
        Assert.Equal(Math.Log(3.0 * 8 / (9 * 4)), result.Yi[1], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_ColumnTheMeasureDoesNotRead_DoesNotMakeARowMissing()
    {
        var input = new EffectSizeInput { Ri = [0.3, 0.5], Ni = [20, 30], Xi = [double.NaN, double.NaN] };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.FisherZCorrelation, input);

        Assert.Empty(result.MissingInputs);
        Assert.Equal(Math.Atanh(0.5), result.Yi[1], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_EveryRowMissing_ThrowsNamingTheFirstMissingCell()
    {
        var input = new EffectSizeInput { Ri = [double.NaN, 0.5], Ni = [20, double.NaN] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.Correlation, input));

        Assert.Equal("ri[0]", error.Field);
        Assert.Contains("no row has all the inputs", error.Problem, StringComparison.Ordinal);
    }
}
