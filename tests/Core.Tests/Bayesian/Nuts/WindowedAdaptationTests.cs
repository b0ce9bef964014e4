using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class WindowedAdaptationTests
{
    [Fact]
    public void WindowEnds_DefaultWarmup_FollowsStansSchedule()
    {
        // Stan reference manual: 75 iterations of fast adaptation, slow windows of 25, 50, 100, 200 and
        // the last stretched to 500, then 50 of fast adaptation.
        Assert.Equal([99, 149, 249, 449, 949], WindowedAdaptation.WindowEnds(1000));
    }

    [Fact]
    public void Constructor_ShortWarmup_UsesFifteenAndTenPercentBuffers()
    {
        var schedule = new WindowedAdaptation(100);

        Assert.Equal(15, schedule.InitialBuffer);
        Assert.Equal(10, schedule.TerminalBuffer);
        Assert.Equal(75, schedule.BaseWindow);
        Assert.Equal([89], WindowedAdaptation.WindowEnds(100));
    }

    [Fact]
    public void Constructor_FewerThanTwentyIterations_DoesNotAdaptTheMetric()
    {
        Assert.False(new WindowedAdaptation(19).AdaptsMetric);
        Assert.Empty(WindowedAdaptation.WindowEnds(19));
    }

    [Fact]
    public void Learn_FirstWindow_EstimatesVarianceOfThatWindowOnlyWithStansShrinkage()
    {
        var schedule = new WindowedAdaptation(1000);
        var estimator = new DiagonalMetricEstimator(1);
        Metric? metric = null;
        for (var i = 0; i < 100; i++)
        {
            // Buffer draws are wild; window draws (75..99) alternate ±1.
            double x = i < 75 ? 1000 * i : (i % 2 == 0 ? 1 : -1);
            metric = schedule.Learn(estimator, [x]) ?? metric;
        }

        Assert.NotNull(metric);
        var n = 25.0;
        var sampleVariance = ((13 * Math.Pow(1 - (1.0 / 25), 2)) + (12 * Math.Pow(-1 - (1.0 / 25), 2))) / (n - 1);
        var expected = (n / (n + 5) * sampleVariance) + (1e-3 * 5 / (n + 5));
        Assert.Equal(expected, ((DiagonalMetric)metric).InverseMetricDiagonal[0], 12);
    }
}
