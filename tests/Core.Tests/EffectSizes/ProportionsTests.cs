using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class ProportionsTests
{
    private static readonly EffectSizeInput Input = new() { Xi = [10, 0, 20], Ni = [40, 20, 20] };

    [Fact]
    public void Compute_Proportion_AddsHalfOnlyToRowsWithNoEventsOrOnlyEvents()
    {
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.Proportion, Input);

        // Row 2 becomes 0.5 events of 21, row 3 20.5 of 21.
        Assert.Equal([1, 2], result.ZeroCellCorrectedRows);
        Published.Matches([0.25, 0.5 / 21, 20.5 / 21], result.Yi, Tolerances.Algebra, "yi");
        Published.Matches([0.25 * 0.75 / 40, 0.5 / 21 * (20.5 / 21) / 21, 20.5 / 21 * (0.5 / 21) / 21], result.Vi, Tolerances.Algebra, "vi");
    }

    [Fact]
    public void Compute_LogitProportion_IsTheLogOddsWithVarianceOfReciprocalCounts()
    {
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.LogitProportion, Input);

        Published.Matches([Math.Log(10.0 / 30), Math.Log(0.5 / 20.5), Math.Log(20.5 / 0.5)], result.Yi, Tolerances.Algebra, "yi");
        Published.Matches([(1 / 10.0) + (1 / 30.0), (1 / 0.5) + (1 / 20.5), (1 / 20.5) + (1 / 0.5)], result.Vi, Tolerances.Algebra, "vi");
    }

    [Fact]
    public void Compute_LogitOfZeroWithoutCorrection_ThrowsNamingTheRow()
    {
        var options = new EffectSizeOptions { ZeroCellCorrection = ZeroCellCorrection.None };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogitProportion, Input, options));

        Assert.Equal("xi[1]", error.Field);
    }

    [Fact]
    public void Compute_MoreEventsThanParticipants_ThrowsNamingTheRow()
    {
        var input = Input with { Xi = [10, 21, 20] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.Proportion, input));

        Assert.Equal("xi[1]", error.Field);
    }

    [Fact]
    public void Compute_NegativeEvents_ThrowsNamingTheRow()
    {
        var input = Input with { Xi = [-1, 0, 20] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogitProportion, input));

        Assert.Equal("xi[0]", error.Field);
    }
}
