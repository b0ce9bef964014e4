using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>
/// Bad input is refused naming the field. Decided minimum sizes: an estimator of τ² needs k ≥ p + 1
/// (REML without moderators: 2 effects); the equal-effects model needs k ≥ p.
/// </summary>
public class RandomEffectsModelInputTests
{
    [Fact]
    public void Fit_UnknownMethod_ThrowsNamingMethod()
    {
        var error = Assert.Throws<InvalidInputException>(() => RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Method = "GENQ" }));

        Assert.Equal("method", error.Field);
        Assert.Contains("REML", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleEffectWithReml_ThrowsNamingYi()
    {
        var error = Assert.Throws<InvalidInputException>(() => RandomEffectsModel.Fit(EffectData.Create([0.2], [0.01])));

        Assert.Equal("yi", error.Field);
        Assert.Contains("at least 2", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleEffectEqualEffects_ReturnsTheEffect()
    {
        var fit = RandomEffectsModel.Fit(EffectData.Create([0.2], [0.01]), null, new RandomEffectsOptions { Method = "EE" });

        Assert.Equal(0.2, fit.Beta[0], Tolerances.Algebra);
        Assert.Equal(0.1, fit.Coefficients[0].StandardError, Tolerances.Algebra);
        Assert.Equal(0, fit.Qe);
        Assert.Equal(1, fit.QePValue);
    }

    [Fact]
    public void Fit_SaturatedEqualEffectsWithKnappHartung_ThrowsNamingTest()
    {
        var error = Assert.Throws<InvalidInputException>(() => RandomEffectsModel.Fit(EffectData.Create([0.2], [0.01]), null, new RandomEffectsOptions { Method = "EE", Test = CoefficientTest.KnappHartung }));

        Assert.Equal("test", error.Field);
    }

    [Fact]
    public void Fit_AsManyEffectsAsCoefficientsWithReml_ThrowsNamingYi()
    {
        var data = EffectData.Create([0.1, 0.4, 0.2], [0.02, 0.03, 0.02]);
        var design = DesignMatrix.Create(3, [Moderator.Continuous("dose", [1, 2, 4]), Moderator.Continuous("year", [2001, 2003, 2002])]);

        var error = Assert.Throws<InvalidInputException>(() => RandomEffectsModel.Fit(data, design));

        Assert.Equal("yi", error.Field);
    }

    [Fact]
    public void Fit_DesignRowsDifferFromData_ThrowsNamingModerators()
    {
        var error = Assert.Throws<InvalidInputException>(() => RandomEffectsModel.Fit(Bcg.LogRiskRatios(), DesignMatrix.InterceptOnly(12)));

        Assert.Equal("moderators", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(95)]
    [InlineData(double.NaN)]
    public void Fit_LevelOutsideUnitInterval_ThrowsNamingLevel(double level)
    {
        var error = Assert.Throws<InvalidInputException>(() => RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Level = level }));

        Assert.Equal("level", error.Field);
    }

    [Fact]
    public void TestFromCode_UnknownTest_ThrowsNamingTest()
    {
        Assert.Equal(CoefficientTest.KnappHartung, RandomEffectsOptions.TestFromCode("hksj"));
        Assert.Equal("test", Assert.Throws<InvalidInputException>(() => RandomEffectsOptions.TestFromCode("adhoc")).Field);
    }

    [Fact]
    public void Predict_WrongNumberOfModeratorValues_ThrowsNamingNewmods()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), Bcg.AblatDesign());

        Assert.Equal("newmods", Assert.Throws<InvalidInputException>(() => fit.Predict(30, 1970)).Field);
        Assert.Equal("newmods[0]", Assert.Throws<InvalidInputException>(() => fit.Predict(double.NaN)).Field);
    }

    [Fact]
    public void Fit_IdenticalEffectsKnappHartung_ScaleFactorIsZero()
    {
        var data = EffectData.Create([0.3, 0.3, 0.3, 0.3], [0.01, 0.02, 0.03, 0.04]);

        var fit = RandomEffectsModel.Fit(data, null, new RandomEffectsOptions { Test = CoefficientTest.KnappHartung });

        Assert.Equal(0, fit.Tau2);
        Assert.Equal(0, fit.ScaleFactor);
        Assert.Equal(0, fit.Coefficients[0].StandardError);
    }
}
