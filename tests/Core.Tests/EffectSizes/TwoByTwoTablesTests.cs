using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class TwoByTwoTablesTests
{
    /// <summary>metadat::dat.bcg (Colditz et al. 1994): tpos, tneg, cpos, cneg.</summary>
    private static readonly EffectSizeInput Bcg = new()
    {
        Ai = [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27],
        Bi = [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886],
        Ci = [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29],
        Di = [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825],
    };

    /// <summary>metadat::dat.hine1989: events and group sizes of six trials.</summary>
    private static readonly EffectSizeInput Hine = new()
    {
        N1i = [39, 44, 107, 103, 110, 154],
        N2i = [43, 44, 110, 100, 106, 146],
        Ai = [2, 4, 6, 7, 7, 11],
        Ci = [1, 4, 4, 5, 3, 4],
    };

    [Fact]
    public void Compute_BcgRiskRatio_MatchesMetaforTests()
    {
        // metafor tests/test_misc_escalc.r: yi[1] = -0.8893, vi[1] = 0.3256; summary(): zi = -1.5586, sei = 0.5706.
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.LogRiskRatio, Bcg);

        Assert.Equal(-0.8893, result.Yi[0], Tolerances.Printed4);
        Assert.Equal(0.3256, result.Vi[0], Tolerances.Printed4);
        Assert.Equal(0.5706, Math.Sqrt(result.Vi[0]), Tolerances.Printed4);
        Assert.Equal(-1.5586, result.Yi[0] / Math.Sqrt(result.Vi[0]), Tolerances.Printed4);
        Assert.Empty(result.ZeroCellCorrectedRows);
    }

    [Fact]
    public void Compute_BcgOddsRatio_MatchesMetaforTests()
    {
        // metafor tests/test_misc_escalc.r, summary() of the log odds ratios: zi = -1.5708, sei = 0.5976.
        var result = EffectSizeCalculator.Compute("OR", Bcg);

        Assert.Equal(0.5976, Math.Sqrt(result.Vi[0]), Tolerances.Printed4);
        Assert.Equal(-1.5708, result.Yi[0] / Math.Sqrt(result.Vi[0]), Tolerances.Printed4);
        Assert.Equal(13, result.K);
    }

    [Fact]
    public void Compute_Hine1989RiskDifferenceFromGroupSizes_MatchesNormand1999TableIII()
    {
        // Normand (1999), Table III, in percentage points (metafor tests/test_analysis_example_normand1999.r).
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.RiskDifference, Hine);

        Published.Matches([2.8026, 0.0000, 1.9711, 1.7961, 3.5334, 4.4031], result.Yi.Select(y => y * 100).ToArray(), Tolerances.Printed4, "yi");
        Published.Matches([17.7575, 37.5657, 8.1323, 10.8998, 8.0114, 6.1320], result.Vi.Select(v => v * 100 * 100).ToArray(), Tolerances.Printed4, "vi");
    }

    [Fact]
    public void Compute_CellsAndGroupSizesBothGiven_AgreeWithCellsOnly()
    {
        var both = Bcg with { N1i = Bcg.Ai!.Select((a, i) => a + Bcg.Bi![i]).ToArray(), N2i = Bcg.Ci!.Select((c, i) => c + Bcg.Di![i]).ToArray() };

        var fromCells = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, Bcg);
        var fromBoth = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, both);

        Assert.Equal(fromCells.Yi, fromBoth.Yi);
        Assert.Equal(fromCells.Vi, fromBoth.Vi);
    }

    [Fact]
    public void Compute_ZeroCellWithDefaultCorrection_AddsHalfToThatTableOnly()
    {
        var input = new EffectSizeInput { Ai = [0, 4], Bi = [10, 6], Ci = [3, 2], Di = [7, 8] };

        var rr = EffectSizeCalculator.Compute(EffectSizeMeasure.LogRiskRatio, input);
        var or = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, input);
        var rd = EffectSizeCalculator.Compute(EffectSizeMeasure.RiskDifference, input);

        // Table 1 becomes (0.5, 10.5, 3.5, 7.5), group sizes 11 and 11; table 2 is unchanged.
        Assert.Equal([0], rr.ZeroCellCorrectedRows);
        Assert.Equal(Math.Log(0.5 / 3.5), rr.Yi[0], Tolerances.Algebra);
        Assert.Equal((1 / 0.5) - (1 / 11.0) + (1 / 3.5) - (1 / 11.0), rr.Vi[0], Tolerances.Algebra);
        Assert.Equal(Math.Log(0.4 / 0.2), rr.Yi[1], Tolerances.Algebra);
        Assert.Equal(Math.Log(0.5 * 7.5 / (10.5 * 3.5)), or.Yi[0], Tolerances.Algebra);
        Assert.Equal((1 / 0.5) + (1 / 10.5) + (1 / 3.5) + (1 / 7.5), or.Vi[0], Tolerances.Algebra);
        Assert.Equal((0.5 / 11) - (3.5 / 11), rd.Yi[0], Tolerances.Algebra);
        Assert.Equal((0.5 / 11 * (10.5 / 11) / 11) + (3.5 / 11 * (7.5 / 11) / 11), rd.Vi[0], Tolerances.Algebra);
        Assert.Equal(0.4 - 0.2, rd.Yi[1], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_AllTablesCorrection_ChangesTablesWithoutZeros()
    {
        var input = new EffectSizeInput { Ai = [4], Bi = [6], Ci = [2], Di = [8] };
        var options = new EffectSizeOptions { ZeroCellCorrection = new ZeroCellCorrection(ZeroCellTables.AllTables, 1) };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, input, options);

        Assert.Equal([0], result.ZeroCellCorrectedRows);
        Assert.Equal(Math.Log(5.0 * 9 / (7 * 3)), result.Yi[0], Tolerances.Algebra);
        Assert.Equal((1 / 5.0) + (1 / 7.0) + (1 / 3.0) + (1 / 9.0), result.Vi[0], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_IfAnyZeroCorrection_AppliesToEveryTableOnlyWhenOneHasAZero()
    {
        var withZero = new EffectSizeInput { Ai = [0, 4], Bi = [10, 6], Ci = [3, 2], Di = [7, 8] };
        var withoutZero = new EffectSizeInput { Ai = [1, 4], Bi = [10, 6], Ci = [3, 2], Di = [7, 8] };
        var options = new EffectSizeOptions { ZeroCellCorrection = ZeroCellCorrection.FromMetaforArguments("if0all", null) };

        var adjusted = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, withZero, options);
        var unadjusted = EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, withoutZero, options);

        Assert.Equal([0, 1], adjusted.ZeroCellCorrectedRows);
        Assert.Equal(Math.Log(4.5 * 8.5 / (6.5 * 2.5)), adjusted.Yi[1], Tolerances.Algebra);
        Assert.Empty(unadjusted.ZeroCellCorrectedRows);
        Assert.Equal(Math.Log(4.0 * 8 / (6 * 2)), unadjusted.Yi[1], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_RiskDifferenceWithoutCorrection_UsesRawCounts()
    {
        var input = new EffectSizeInput { Ai = [0], Bi = [10], Ci = [3], Di = [7] };
        var options = new EffectSizeOptions { ZeroCellCorrection = ZeroCellCorrection.None };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.RiskDifference, input, options);

        Assert.Empty(result.ZeroCellCorrectedRows);
        Assert.Equal(-0.3, result.Yi[0], Tolerances.Algebra);
        Assert.Equal(0.3 * 0.7 / 10, result.Vi[0], Tolerances.Algebra);
    }

    [Theory]
    [InlineData("RR", "ai[0]")]
    [InlineData("OR", "ai[0]")]
    public void Compute_ZeroCellWithoutCorrection_ThrowsNamingTheCell(string measure, string field)
    {
        var input = new EffectSizeInput { Ai = [0], Bi = [10], Ci = [3], Di = [7] };
        var options = new EffectSizeOptions { ZeroCellCorrection = ZeroCellCorrection.None };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(measure, input, options));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Compute_NegativeCount_ThrowsNamingTheRow()
    {
        var input = new EffectSizeInput { Ai = [1, 2, 3], Bi = [5, 5, -1], Ci = [1, 1, 1], Di = [5, 5, 5] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogRiskRatio, input));

        Assert.Equal("bi[2]", error.Field);
    }

    [Fact]
    public void Compute_EventsLargerThanGroupSize_ThrowsNamingTheRow()
    {
        var input = Hine with { Ai = [2, 4, 6, 7, 111, 11] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.RiskDifference, input));

        Assert.Equal("ai[4]", error.Field);
    }

    [Fact]
    public void Compute_CellsDisagreeWithGroupSize_ThrowsNamingTheRow()
    {
        var input = new EffectSizeInput { Ai = [2, 3], Bi = [8, 8], N1i = [10, 10], Ci = [1, 1], Di = [9, 9] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogRiskRatio, input));

        Assert.Equal("bi[1]", error.Field);
    }

    [Fact]
    public void Compute_EmptyGroup_ThrowsNamingTheGroupSize()
    {
        var input = new EffectSizeInput { Ai = [2, 0], Ci = [1, 1], N1i = [10, 0], N2i = [10, 10] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.RiskDifference, input));

        Assert.Equal("n1i[1]", error.Field);
    }

    [Fact]
    public void Compute_NoNonEventCellNorGroupSize_ThrowsNamingTheColumn()
    {
        var input = new EffectSizeInput { Ai = [2], Bi = [8], Ci = [1] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, input));

        Assert.Equal("di", error.Field);
    }

    [Fact]
    public void Compute_MismatchedLengths_ThrowsNamingTheColumn()
    {
        var input = Bcg with { Ci = [11, 29] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogOddsRatio, input));

        Assert.Equal("ci", error.Field);
    }

    [Fact]
    public void ZeroCellCorrection_NegativeIncrement_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<InvalidInputException>(() => new ZeroCellCorrection(ZeroCellTables.OnlyTablesWithZero, -0.5));

        Assert.Equal("options.zeroCellCorrection.add", error.Field);
    }

    [Fact]
    public void FromMetaforArguments_UnknownTo_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<InvalidInputException>(() => ZeroCellCorrection.FromMetaforArguments("sometimes", 0.5));

        Assert.Equal("options.to", error.Field);
    }
}
