using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class EggerRegressionTestTests
{
    [Fact]
    public void Classical_SmallData_MatchesHandDerivedWeightedRegression()
    {
        double[] yi = [0.1, 0.5, -0.2, 0.8, 0.3];
        double[] vi = [0.04, 0.09, 0.01, 0.16, 0.05];
        var result = EggerRegressionTest.Classical(EffectData.Create(yi, vi));

        // Weighted least squares by the 2x2 normal equations, written out independently.
        double sw = 0, swx = 0, swxx = 0, swy = 0, swxy = 0;
        for (var i = 0; i < yi.Length; i++)
        {
            double w = 1 / vi[i], x = Math.Sqrt(vi[i]);
            sw += w;
            swx += w * x;
            swxx += w * x * x;
            swy += w * yi[i];
            swxy += w * x * yi[i];
        }

        var det = (sw * swxx) - (swx * swx);
        var slope = ((sw * swxy) - (swx * swy)) / det;
        var intercept = ((swxx * swy) - (swx * swxy)) / det;
        var rss = yi.Select((y, i) => (y - intercept - (slope * Math.Sqrt(vi[i]))) is var r ? r * r / vi[i] : 0).Sum();
        var slopeSe = Math.Sqrt(rss / 3 * sw / det);

        Assert.Equal(slope, result.Slope, Tolerances.Algebra);
        Assert.Equal(intercept, result.LimitEstimate, Tolerances.Algebra);
        Assert.Equal(slope / slopeSe, result.Statistic, Tolerances.Algebra);
        Assert.Equal(3, result.DegreesOfFreedom);
    }

    [Fact]
    public void Classical_TwoStudies_NamesTooFewEffects()
    {
        var error = Assert.Throws<MetaAnalysis.Core.Validation.InvalidInputException>(
            () => EggerRegressionTest.Classical(EffectData.Create([0.1, 0.2], [0.1, 0.1])));
        Assert.Equal("yi", error.Field);
    }
}
