using MathNet.Numerics;
using MetaAnalysis.Core.Statistics;
using MetaAnalysis.Core.Tests.Frequentist;

namespace MetaAnalysis.Core.Tests.Statistics;

public class GaussHermiteRuleTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(50)]
    public void Create_EvenMoments_AreExactUpToDegree2nMinus1(int n)
    {
        // ∫ e^(-x²) x^(2m) dx = Γ(m + ½), exact for 2m < 2n.
        var rule = GaussHermiteRule.Create(n);
        for (var m = 0; 2 * m < 2 * n && m <= 30; m++)
        {
            var sum = rule.Nodes.Select((x, j) => rule.ScaledWeights[j] * Math.Exp(-x * x) * Math.Pow(x, 2 * m)).Sum();
            AssertClose.Relative(SpecialFunctions.Gamma(m + 0.5), sum, 1e-11);
        }
    }

    [Fact]
    public void Create_OddMoments_Vanish()
    {
        var rule = GaussHermiteRule.Create(50);
        var sum = rule.Nodes.Select((x, j) => rule.ScaledWeights[j] * Math.Exp(-x * x) * x * x * x).Sum();
        Assert.Equal(0, sum, 1e-12);
    }

    [Fact]
    public void ScaledWeights_IntegrateAShiftedScaledGaussianExactly()
    {
        // ∫ exp(-(x - 0.3)²/(2·0.8²)) dx = 0.8 √(2π), with no e^(-x²) factor left for the rule.
        var rule = GaussHermiteRule.Create(50);
        var sum = rule.Nodes.Select((x, j) => rule.ScaledWeights[j] * Math.Exp(-((x - 0.3) * (x - 0.3)) / (2 * 0.64))).Sum();
        AssertClose.Relative(0.8 * Math.Sqrt(2 * Math.PI), sum, 1e-12);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(33)]
    public void StandardNormal_Moments_AreTheNormalDistributions(int n)
    {
        var rule = StandardNormalQuadrature.WithPoints(n);

        double Moment(int power) => rule.Nodes.Select((z, i) => rule.Weights[i] * Math.Pow(z, power)).Sum();
        Assert.Equal(1, Moment(0), 12);
        Assert.Equal(0, Moment(3), 12);
        Assert.Equal(1, Moment(2), 12);
        Assert.Equal(3, Moment(4), 11);
        Assert.Equal(15, Moment(6), 10);
    }
}
