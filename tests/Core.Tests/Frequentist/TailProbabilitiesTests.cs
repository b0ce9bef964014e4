using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>Tail probabilities and t quantiles against closed forms and R's printed values.</summary>
public class TailProbabilitiesTests
{
    [Theory]
    [InlineData(0.975, 10, 2.228138851986274)]
    [InlineData(0.975, 12, 2.178812829667228)]
    [InlineData(0.975, 3, 3.182446305284263)]
    [InlineData(0.995, 30, 2.749995653567650)]
    [InlineData(0.025, 10, -2.228138851986274)]
    public void Of_CommonLevels_MatchesR(double probability, double df, double expected)
    {
        Assert.Equal(expected, StudentTQuantile.Of(probability, df), 1e-12);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void Of_OneAndTwoDegreesOfFreedom_MatchesClosedForms(double probability)
    {
        Assert.Equal(Math.Tan(Math.PI * (probability - 0.5)), StudentTQuantile.Of(probability, 1), 1e-12);
        var two = ((2 * probability) - 1) / Math.Sqrt(2 * probability * (1 - probability));
        Assert.Equal(two, StudentTQuantile.Of(probability, 2), 1e-12);
    }

    [Fact]
    public void Of_FractionalDegreesOfFreedom_InvertsTailProbability()
    {
        var t = StudentTQuantile.Of(0.99, 4.5);

        Assert.Equal(0.02, TailProbabilities.TwoSidedStudentT(t, 4.5), 1e-14);
    }

    [Fact]
    public void TwoSided_FarTails_KeepRelativeAccuracy()
    {
        // 2 Φ(-10) = 1.523970e-23 and P(χ²₁ > 100) = 1.523970e-23 (the same event).
        Assert.Equal(1.5239706048320e-23, TailProbabilities.TwoSidedNormal(10), 1e-33);
        Assert.Equal(1.5239706048320e-23, TailProbabilities.UpperChiSquared(100, 1), 1e-33);

        // F(1, d) is t² on d degrees of freedom.
        Assert.Equal(TailProbabilities.TwoSidedStudentT(3, 7), TailProbabilities.UpperFisher(9, 1, 7), 1e-15);
    }
}
