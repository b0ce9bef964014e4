using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class CorrelationsTests
{
    private static readonly EffectSizeInput Input = new() { Ri = [0, 0.5, -0.13, 0.99], Ni = [123, 20, 41, 6] };

    [Fact]
    public void Compute_FisherZ_IsTheInverseHyperbolicTangentWithVarianceOneOverNMinusThree()
    {
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.FisherZCorrelation, Input);

        Published.Matches([0, Math.Log(3) / 2, Math.Atanh(-0.13), Math.Log(199) / 2], result.Yi, Tolerances.Algebra, "yi");
        Published.Matches([1 / 120.0, 1 / 17.0, 1 / 38.0, 1 / 3.0], result.Vi, Tolerances.Algebra, "vi");
    }

    [Fact]
    public void Compute_RawCorrelation_HasLargeSampleVariance()
    {
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.Correlation, Input);

        Published.Matches(Input.Ri!, result.Yi, 0, "yi");
        Published.Matches([1 / 122.0, 0.75 * 0.75 / 19, (1 - 0.0169) * (1 - 0.0169) / 40, (1 - 0.9801) * (1 - 0.9801) / 5], result.Vi, Tolerances.Algebra, "vi");
    }

    [Fact]
    public void Compute_CorrelationOutsideUnitInterval_ThrowsNamingTheRow()
    {
        var input = Input with { Ri = [0, 0.5, -1.2, 0.99] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.FisherZCorrelation, input));

        Assert.Equal("ri[2]", error.Field);
    }

    [Fact]
    public void Compute_SampleOfFour_ThrowsNamingTheRow()
    {
        var input = Input with { Ni = [123, 20, 41, 4] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.Correlation, input));

        Assert.Equal("ni[3]", error.Field);
    }

    [Fact]
    public void Compute_FisherZOfPerfectCorrelation_ThrowsNamingTheRow()
    {
        var input = Input with { Ri = [0, 1, -0.13, 0.99] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.FisherZCorrelation, input));

        Assert.Equal("ri[1]", error.Field);
    }
}
