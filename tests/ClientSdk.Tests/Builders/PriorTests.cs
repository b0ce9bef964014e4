using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Builders;

public sealed class PriorTests
{
    [Fact]
    public void ScalePriors_EachParameterisation_SetsItsOwnCase()
    {
        Assert.Equal(0.5, ScalePriors.HalfNormal(0.5).HalfNormal.Scale);
        Assert.Equal(0.3, ScalePriors.HalfCauchy(0.3).HalfCauchy.Scale);
        Assert.Equal(ScalePriorSpec.DistOneofCase.HalfT, ScalePriors.HalfStudentT(3, 0.5).DistCase);
        Assert.Equal(4, ScalePriors.Uniform(4).Uniform.Upper);
        Assert.Equal(2, ScalePriors.InverseGammaOnTau2(2, 0.1).InvGammaTau2.Shape);
        Assert.Equal(-1.5, ScalePriors.LogNormalOnTau2(-1.5, 1).LogNormalTau2.Meanlog);
    }

    [Fact]
    public void Tabulated_IncreasingPoints_PointsAndDensitiesKept()
    {
        var prior = ScalePriors.Tabulated([0, 0.5, 1], [2, 1, 0]);

        Assert.Equal([0, 0.5, 1], prior.Tabulated.Tau);
        Assert.Equal([2.0, 1, 0], prior.Tabulated.Density);
    }

    [Fact]
    public void Tabulated_PointsOutOfOrder_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ScalePriors.Tabulated([0, 1, 0.5], [1, 1, 1]));

        Assert.Equal("tau[2]", error.ParamName);
    }

    [Fact]
    public void Tabulated_NegativeDensity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalePriors.Tabulated([0, 1], [1, -0.1]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    public void Tabulated_TooFewPointsOrUnequalLengths_Throws(int points, int densities)
    {
        Assert.Throws<ArgumentException>(() => ScalePriors.Tabulated(Enumerable.Range(0, points).Select(i => (double)i).ToArray(), Enumerable.Repeat(1.0, densities).ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    public void HalfNormal_ScaleNotPositive_Throws(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalePriors.HalfNormal(scale));
    }

    [Fact]
    public void PositivePriors_LogNormalAndGamma_SetTheirCases()
    {
        Assert.Equal(0.7, PositivePriors.LogNormal(1, 0.7).LogNormal.Sdlog);
        Assert.Equal(PositivePriorSpec.DistOneofCase.Gamma, PositivePriors.Gamma(2, 0.5).DistCase);
        Assert.Equal(0.5, PositivePriors.Gamma(2, 0.5).Gamma.Rate);
    }

    [Fact]
    public void Gamma_RateZero_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PositivePriors.Gamma(2, 0));

        Assert.Equal("rate", error.ParamName);
    }
}
