using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class PrePostChangeTests
{
    /// <summary>Morris (2008), treatment groups: post means as m1i, pre means as m2i.</summary>
    private static readonly (double[] Pre, double[] Post, double[] SdPre, double[] SdPost, double[] N, double[] R) Treatment = (
        [30.6, 23.5, 0.5, 53.4, 35.6],
        [38.5, 26.8, 0.7, 75.9, 36.0],
        [15.0, 3.1, 0.1, 14.5, 4.7],
        [11.6, 4.1, 0.1, 4.4, 4.6],
        [20, 50, 9, 10, 14],
        [.47, .64, .77, .89, .44]);

    /// <summary>Morris (2008), control groups.</summary>
    private static readonly (double[] Pre, double[] Post, double[] SdPre, double[] SdPost, double[] N, double[] R) Control = (
        [23.1, 24.9, 0.6, 55.7, 34.8],
        [19.7, 25.3, 0.6, 60.7, 33.4],
        [13.8, 4.1, 0.2, 17.3, 3.1],
        [14.8, 3.3, 0.2, 17.9, 6.9],
        [20, 42, 9, 11, 14],
        [.47, .64, .77, .89, .44]);

    private static readonly EffectSizeInput Bonett = new() { M1i = [26], M2i = [22], Sd1i = [Math.Sqrt(30)], Sd2i = [Math.Sqrt(20)], Ni = [60], Ri = [0.7] };

    [Fact]
    public void Compute_Morris2008RawScoreStandardization_MatchesMetaforTests()
    {
        // metafor tests/test_analysis_example_morris2008.r (escalc SMCR with sd1i = pre-test SD).
        var treatment = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd, RawScoreInput(Treatment));
        var control = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd, RawScoreInput(Control));

        Published.Matches([0.5056, 1.0481, 1.8054, 1.4181, 0.0801], treatment.Yi, Tolerances.Printed4, "treatment yi");
        Published.Matches([0.0594, 0.0254, 0.2322, 0.1225, 0.0802], treatment.Vi, Tolerances.Printed4, "treatment vi");
        Published.Matches([-0.2365, 0.0958, 0.0000, 0.2667, -0.4250], control.Yi, Tolerances.Printed4, "control yi");
        Published.Matches([0.0544, 0.0173, 0.0511, 0.0232, 0.0864], control.Vi, Tolerances.Printed4, "control vi");

        // Morris (2008), Table 1, p. 368: the treatment minus control effect sizes.
        Published.Matches([0.74, 0.95, 1.81, 1.15, 0.51], treatment.Yi.Select((y, i) => y - control.Yi[i]).ToArray(), Tolerances.Printed2, "difference");
    }

    [Fact]
    public void Compute_Morris2008ChangeScoreStandardization_MatchesMetaforTests()
    {
        // metafor tests/test_analysis_example_morris2008.r (escalc SMCC, sd1i = post SD, sd2i = pre SD).
        var treatment = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, ChangeScoreInput(Treatment));
        var control = EffectSizeCalculator.Compute("SMCC", ChangeScoreInput(Control));

        Published.Matches([0.5417, 1.0198, 2.6619, 1.9088, 0.0765], treatment.Yi, Tolerances.Printed4, "treatment yi");
        Published.Matches([0.0573, 0.0304, 0.5048, 0.2822, 0.0716], treatment.Vi, Tolerances.Printed4, "treatment vi");
        Published.Matches([-0.2213, 0.1219, 0.0000, 0.5575, -0.2126], control.Yi, Tolerances.Printed4, "control yi");
        Published.Matches([0.0512, 0.0240, 0.1111, 0.1050, 0.0730], control.Vi, Tolerances.Printed4, "control vi");
    }

    [Fact]
    public void Compute_MeanChange_MatchesMetaforTests()
    {
        // metafor tests/test_misc_escalc.r: MC with m1i = 26, m2i = 22, sd² = 30 and 20, ni = 60, ri = 0.7.
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.MeanChange, Bonett);

        Assert.Equal(4.0, result.Yi[0], Tolerances.Printed4);
        Assert.Equal(0.2618, result.Vi[0], Tolerances.Printed4);
    }

    [Fact]
    public void Compute_HeteroscedasticRawScoreStandardization_MatchesMetaforTests()
    {
        // metafor tests/test_misc_escalc.r: SMCRH on the same summary data.
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSdHeteroscedastic, Bonett);

        Assert.Equal(0.7210, result.Yi[0], Tolerances.Printed4);
        Assert.Equal(0.0129, result.Vi[0], Tolerances.Printed4);
    }

    [Fact]
    public void Compute_HeteroscedasticRawScoreStandardization_IsTheClosedForm()
    {
        // c(59) from exact factorial products of the Gamma function, independent of any log-gamma routine.
        var c = Math.Exp(LogGammaHalfIntegerRatio(59));
        var yi = c * 4 / Math.Sqrt(30);
        var changeVariance = 30 + 20 - (2 * 0.7 * Math.Sqrt(600));
        var vi = c * c * ((changeVariance / (30 * 59)) + (yi * yi / (2 * 59)));

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSdHeteroscedastic, Bonett);

        Assert.Equal(yi, result.Yi[0], Tolerances.Algebra);
        Assert.Equal(vi, result.Vi[0], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_RawScoreStandardization_NeedsNoPostSd()
    {
        var input = Bonett with { Sd2i = null };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd, input);

        Assert.Equal(1, result.K);
    }

    [Fact]
    public void Compute_MissingCorrelationWithoutImputation_LeavesThatEffectMissing()
    {
        var input = ChangeScoreInput(Treatment) with { Ri = [.47, double.NaN, .77, .89, .44] };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, input);

        Assert.True(double.IsNaN(result.Yi[1]) && double.IsNaN(result.Vi[1]));
        Assert.Equal([new MissingInput(1, "ri")], result.MissingInputs);
        Assert.Empty(result.ImputedCorrelationRows);
    }

    [Fact]
    public void Compute_MissingCorrelationWithImputation_UsesTheValueAndRecordsTheRow()
    {
        var reported = ChangeScoreInput(Treatment) with { Ri = [.47, .5, .77, .89, .44] };
        var missing = reported with { Ri = [.47, double.NaN, .77, .89, .44] };

        var expected = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, reported);
        var imputed = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, missing, new EffectSizeOptions { ImputedCorrelation = 0.5 });

        Assert.Equal(expected.Yi, imputed.Yi);
        Assert.Equal(expected.Vi, imputed.Vi);
        Assert.Equal([1], imputed.ImputedCorrelationRows);
        Assert.Equal(0.5, imputed.ImputedCorrelation);
    }

    [Fact]
    public void Compute_NoCorrelationColumnWithImputation_ImputesEveryRow()
    {
        var input = RawScoreInput(Treatment) with { Ri = null };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd, input, new EffectSizeOptions { ImputedCorrelation = 0.6 });

        Assert.Equal([0, 1, 2, 3, 4], result.ImputedCorrelationRows);
    }

    [Fact]
    public void Compute_NoImputation_RecordsNoImputedRows()
    {
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.MeanChange, Bonett);

        Assert.Empty(result.ImputedCorrelationRows);
        Assert.Null(result.ImputedCorrelation);
    }

    [Fact]
    public void Compute_ImputedCorrelationForNonPrePostMeasure_ThrowsNamingTheOption()
    {
        var input = new EffectSizeInput { Ri = [0.3], Ni = [30] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.Correlation, input, new EffectSizeOptions { ImputedCorrelation = 0.5 }));

        Assert.Equal("options.imputedCorrelation", error.Field);
    }

    [Fact]
    public void Compute_ImputedCorrelationOutsideUnitInterval_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.MeanChange, Bonett, new EffectSizeOptions { ImputedCorrelation = 1.5 }));

        Assert.Equal("options.imputedCorrelation", error.Field);
    }

    [Fact]
    public void Compute_CorrelationOutsideUnitInterval_ThrowsNamingTheRow()
    {
        var input = RawScoreInput(Treatment) with { Ri = [.47, .64, 1.77, .89, .44] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd, input));

        Assert.Equal("ri[2]", error.Field);
    }

    [Fact]
    public void Compute_StandardizedChangeWithTwoParticipants_ThrowsNamingTheRow()
    {
        var input = Bonett with { Ni = [2] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, input));

        Assert.Equal("ni[0]", error.Field);
    }

    [Fact]
    public void Compute_MeanChangeWithTwoParticipants_IsComputed()
    {
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.MeanChange, Bonett with { Ni = [2] });

        Assert.Equal((50 - (1.4 * Math.Sqrt(600))) / 2, result.Vi[0], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_PerfectCorrelationOfEqualSds_ThrowsBecauseChangeScoresHaveNoSpread()
    {
        var input = Bonett with { Sd1i = [2], Sd2i = [2], Ri = [1] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, input));

        Assert.Equal("ri[0]", error.Field);
    }

    [Fact]
    public void Compute_MissingPostSdForChangeScoreStandardization_ThrowsNamingTheColumn()
    {
        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd, Bonett with { Sd2i = null }));

        Assert.Equal("sd2i", error.Field);
    }

    private static EffectSizeInput RawScoreInput((double[] Pre, double[] Post, double[] SdPre, double[] SdPost, double[] N, double[] R) group) =>
        new() { M1i = group.Post, M2i = group.Pre, Sd1i = group.SdPre, Ni = group.N, Ri = group.R };

    private static EffectSizeInput ChangeScoreInput((double[] Pre, double[] Post, double[] SdPre, double[] SdPost, double[] N, double[] R) group) =>
        new() { M1i = group.Post, M2i = group.Pre, Sd1i = group.SdPost, Sd2i = group.SdPre, Ni = group.N, Ri = group.R };

    /// <summary>
    /// log c(m) for odd m = 2j + 1 from the exact products Γ(j + 1/2) = (2j)! √π / (4^j j!) and Γ(j) = (j − 1)!:
    /// c(m) = Γ(m/2) / (√(m/2) Γ((m − 1)/2)) = Γ(j + 1/2) / (√(m/2) Γ(j)).
    /// </summary>
    private static double LogGammaHalfIntegerRatio(int m)
    {
        var j = (m - 1) / 2;
        var logGammaHalf = (0.5 * Math.Log(Math.PI)) - (j * Math.Log(4));
        for (var k = j + 1; k <= 2 * j; k++)
        {
            logGammaHalf += Math.Log(k);
        }

        var logGammaJ = 0.0;
        for (var k = 1; k < j; k++)
        {
            logGammaJ += Math.Log(k);
        }

        return logGammaHalf - (0.5 * Math.Log(m / 2.0)) - logGammaJ;
    }
}
