namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// Stan's schedule for learning the metric during warm-up: a fast initial buffer (step size only), a
/// series of slow windows that double in length and each end with a new metric estimated from that
/// window's draws alone, and a fast terminal buffer where the step size settles to the final metric.
/// </summary>
/// <remarks>
/// Defaults: initial buffer 75, first window 25, terminal buffer 50. When they do not fit in the warm-up
/// (fewer than 150 iterations), the buffers become 15% and 10% of the warm-up and the one window the
/// rest. The last slow window is stretched to the terminal buffer whenever the next doubling would not
/// fit. Below 20 warm-up iterations the metric is not adapted at all.
/// </remarks>
public sealed class WindowedAdaptation
{
    private readonly int warmup;
    private readonly int initialBuffer;
    private readonly int terminalBuffer;
    private readonly int baseWindow;
    private int windowCounter;
    private int windowSize;
    private int nextWindowEnd;

    /// <summary>A schedule for <paramref name="warmupIterations"/> iterations of warm-up.</summary>
    public WindowedAdaptation(int warmupIterations, int initialBuffer = 75, int terminalBuffer = 50, int baseWindow = 25)
    {
        warmup = warmupIterations;
        if (warmupIterations < 20)
        {
            AdaptsMetric = false;
            return;
        }

        AdaptsMetric = true;
        if (initialBuffer + baseWindow + terminalBuffer > warmupIterations)
        {
            initialBuffer = (int)(0.15 * warmupIterations);
            terminalBuffer = (int)(0.1 * warmupIterations);
            baseWindow = warmupIterations - (initialBuffer + terminalBuffer);
        }

        this.initialBuffer = initialBuffer;
        this.terminalBuffer = terminalBuffer;
        this.baseWindow = baseWindow;
        windowCounter = 0;
        windowSize = baseWindow;
        nextWindowEnd = initialBuffer + windowSize - 1;
    }

    /// <summary>Whether the warm-up is long enough to adapt the metric.</summary>
    public bool AdaptsMetric { get; }

    /// <summary>The initial buffer actually used.</summary>
    public int InitialBuffer => initialBuffer;

    /// <summary>The terminal buffer actually used.</summary>
    public int TerminalBuffer => terminalBuffer;

    /// <summary>The first slow window's length actually used.</summary>
    public int BaseWindow => baseWindow;

    /// <summary>
    /// Records the position reached by one warm-up iteration. Returns a new metric when this iteration
    /// closes a slow window (the estimator is then restarted), otherwise null.
    /// </summary>
    public Metric? Learn(MetricEstimator estimator, ReadOnlySpan<double> position)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (!AdaptsMetric)
        {
            return null;
        }

        if (InSlowWindow())
        {
            estimator.Add(position);
        }

        if (EndsSlowWindow())
        {
            ComputeNextWindow();
            var metric = estimator.Estimate();
            estimator.Restart();
            windowCounter++;
            return metric;
        }

        windowCounter++;
        return null;
    }

    /// <summary>Ends of the slow windows (0-based warm-up iterations), for documentation and tests.</summary>
    public static IReadOnlyList<int> WindowEnds(int warmupIterations)
    {
        var schedule = new WindowedAdaptation(warmupIterations);
        var ends = new List<int>();
        var estimator = new DiagonalMetricEstimator(1);
        for (var i = 0; i < warmupIterations; i++)
        {
            if (schedule.Learn(estimator, [i % 2]) is not null)
            {
                ends.Add(i);
            }
        }

        return ends;
    }

    private bool InSlowWindow() =>
        windowCounter >= initialBuffer && windowCounter < warmup - terminalBuffer && windowCounter != warmup;

    private bool EndsSlowWindow() => windowCounter == nextWindowEnd && windowCounter != warmup;

    private void ComputeNextWindow()
    {
        if (nextWindowEnd == warmup - terminalBuffer - 1)
        {
            return;
        }

        windowSize *= 2;
        nextWindowEnd = windowCounter + windowSize;
        if (nextWindowEnd != warmup - terminalBuffer - 1)
        {
            var nextBoundary = nextWindowEnd + (2 * windowSize);
            if (nextBoundary >= warmup - terminalBuffer)
            {
                nextWindowEnd = warmup - terminalBuffer - 1;
            }
        }
    }
}
