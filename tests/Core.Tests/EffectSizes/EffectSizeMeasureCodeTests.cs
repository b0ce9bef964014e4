using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class EffectSizeMeasureCodeTests
{
    [Fact]
    public void Parse_EveryCode_RoundTrips()
    {
        string[] metaforCodes = ["MD", "SMD", "ROM", "RR", "OR", "RD", "COR", "ZCOR", "PR", "PLO", "MC", "SMCC", "SMCR", "SMCRH"];

        Assert.Equal(metaforCodes.Order(StringComparer.Ordinal), EffectSizeMeasureCode.All.Order(StringComparer.Ordinal));
        foreach (var code in metaforCodes)
        {
            Assert.Equal(code, EffectSizeMeasureCode.Of(EffectSizeMeasureCode.Parse(code)));
        }
    }

    [Fact]
    public void Parse_UnknownCode_ThrowsNamingTheField()
    {
        var error = Assert.Throws<InvalidInputException>(() => EffectSizeMeasureCode.Parse("PETO"));

        Assert.Equal("measure", error.Field);
    }

    [Fact]
    public void Compute_UndefinedMeasureValue_ThrowsNamingTheField()
    {
        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute((EffectSizeMeasure)99, new EffectSizeInput()));

        Assert.Equal("measure", error.Field);
    }

    [Fact]
    public void Compute_EmptyColumn_ThrowsNamingIt()
    {
        var input = new EffectSizeInput { Xi = [], Ni = [] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.Proportion, input));

        Assert.Equal("xi", error.Field);
    }
}
