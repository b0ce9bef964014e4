using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Core.Tests.Frequentist;

public class QProfileTests
{
    [Theory]
    [InlineData(false, 0.95)]
    [InlineData(true, 0.95)]
    [InlineData(false, 0.8)]
    public void Compute_Bcg_BoundsSolveQProfileEquations(bool moderators, double level)
    {
        var data = Bcg.LogRiskRatios();
        var design = moderators ? Bcg.AblatDesign() : DesignMatrix.InterceptOnly(13);
        var algebra = new ExplicitAlgebra(data, design);
        var fit = RandomEffectsModel.Fit(data, design);

        var interval = QProfile.Compute(fit, level);

        var df = algebra.K - algebra.P;
        AssertClose.Relative(ChiSquared.InvCDF(df, 1 - ((1 - level) / 2)), algebra.Q(interval.Tau2Lower), 1e-10);
        AssertClose.Relative(ChiSquared.InvCDF(df, (1 - level) / 2), algebra.Q(interval.Tau2Upper), 1e-10);
        AssertClose.Relative(100 * interval.Tau2Upper / (fit.TypicalVariance + interval.Tau2Upper), interval.I2Upper, Tolerances.Algebra);
        AssertClose.Relative((interval.Tau2Lower / fit.TypicalVariance) + 1, interval.H2Lower, Tolerances.Algebra);
    }

    [Fact]
    public void Compute_DoesNotDependOnEstimator()
    {
        var data = Bcg.LogRiskRatios();

        var reml = RandomEffectsModel.Fit(data).Tau2ConfidenceInterval();
        var hunterSchmidt = RandomEffectsModel.Fit(data, null, new RandomEffectsOptions { Method = "HS" }).Tau2ConfidenceInterval();

        Assert.Equal(reml.Tau2Lower, hunterSchmidt.Tau2Lower, Tolerances.Algebra);
        Assert.Equal(reml.Tau2Upper, hunterSchmidt.Tau2Upper, Tolerances.Algebra);
    }

    [Fact]
    public void Compute_HomogeneousEffects_IsEmptyAtZero()
    {
        // Q(0) = 0.02 is below the lower 2.5% point of chi-square(2): no τ² makes the data typical.
        var data = EffectData.Create([0.10, 0.11, 0.09], [0.04, 0.04, 0.04]);
        var fit = RandomEffectsModel.Fit(data, null, new RandomEffectsOptions { Method = "DL" });

        var interval = fit.Tau2ConfidenceInterval();

        Assert.True(interval.IsEmpty);
        Assert.Equal(0, interval.Tau2Lower);
        Assert.Equal(0, interval.Tau2Upper);
    }

    [Fact]
    public void Compute_ModerateHeterogeneity_LowerBoundIsZero()
    {
        // Q(0) lies between the two critical values: the lower bound is 0, the upper one positive.
        var data = EffectData.Create([0.0, 0.3, -0.2, 0.25], [0.04, 0.04, 0.04, 0.04]);
        var fit = RandomEffectsModel.Fit(data, null, new RandomEffectsOptions { Method = "DL" });

        var interval = fit.Tau2ConfidenceInterval();

        Assert.Equal(0, interval.Tau2Lower);
        Assert.True(interval.Tau2Upper > 0);
        Assert.False(interval.IsEmpty);
    }

    [Fact]
    public void Compute_EqualEffectsFit_ThrowsNamingMethod()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Method = "EE" });

        var error = Assert.Throws<Validation.InvalidInputException>(() => fit.Tau2ConfidenceInterval());

        Assert.Equal("method", error.Field);
    }
}
