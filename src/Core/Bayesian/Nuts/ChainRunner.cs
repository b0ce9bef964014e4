namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// Runs one chain: random initial values, warm-up with step-size and windowed metric adaptation, then
/// sampling with the adapted tuning. Talks to the outside only through the draw sink, the progress
/// callback and the cancellation token.
/// </summary>
public static class ChainRunner
{
    private const int InitializationAttempts = 100;

    /// <summary>Runs chain <paramref name="chain"/> of a run with <paramref name="options"/>.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled (checked every iteration).</exception>
    /// <exception cref="InvalidOperationException">When no initial point with a finite log density and gradient is found.</exception>
    public static ChainResult Run(
        IModel model,
        SamplerOptions options,
        int chain,
        IDrawSink? sink = null,
        IProgress<SamplingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var random = new ChainRandom(options.Seed, chain);
        Metric metric = options.Metric == MetricKind.Dense ? DenseMetric.Unit(model.Dimension) : DiagonalMetric.Unit(model.Dimension);
        var sampler = new NoUTurnSampler(model, metric, random, options.MaxTreeDepth) { StepSize = options.InitialStepSize };
        Initialize(model, sampler, random, options.InitialRadius, chain);

        var outputCount = model.OutputNames.Count;
        var output = new double[outputCount];
        var total = options.WarmupIterations + options.SamplingIterations;

        // Warm-up.
        sampler.InitializeStepSize();
        var stepSizeAdaptation = new StepSizeAdaptation(options.TargetAcceptance) { Mu = Math.Log(10 * sampler.StepSize) };
        var windows = new WindowedAdaptation(options.WarmupIterations);
        var estimator = metric.CreateEstimator();
        for (var iteration = 0; iteration < options.WarmupIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statistics = sampler.Transition();
            sampler.StepSize = stepSizeAdaptation.Learn(statistics.AcceptStatistic);
            if (windows.Learn(estimator, sampler.Position) is { } updated)
            {
                sampler.Metric = updated;
                sampler.InitializeStepSize();
                stepSizeAdaptation.Mu = Math.Log(10 * sampler.StepSize);
                stepSizeAdaptation.Restart();
            }

            if (sink is not null)
            {
                model.Constrain(sampler.Position, output);
                sink.Write(chain, iteration, isWarmup: true, output, statistics);
            }

            if (progress is not null && (iteration + 1) % options.ProgressInterval == 0)
            {
                progress.Report(new SamplingProgress(chain, iteration + 1, total, IsWarmup: true, sampler.StepSize, 0, []));
            }
        }

        if (options.WarmupIterations > 0)
        {
            sampler.StepSize = stepSizeAdaptation.FinalStepSize();
        }

        // Sampling with the tuning frozen.
        var draws = new double[options.SamplingIterations * outputCount];
        var allStatistics = new TransitionStatistics[options.SamplingIterations];
        var pointwise = model as IPointwiseLogLikelihood;
        var observations = pointwise?.ObservationCount ?? 0;
        var logLikelihood = pointwise is null ? null : new double[options.SamplingIterations * observations];
        var running = new RunningMoments(outputCount);
        var divergences = 0;
        for (var iteration = 0; iteration < options.SamplingIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statistics = sampler.Transition();
            allStatistics[iteration] = statistics;
            divergences += statistics.Divergent ? 1 : 0;
            var row = draws.AsSpan(iteration * outputCount, outputCount);
            model.Constrain(sampler.Position, row);
            pointwise?.PointwiseLogLikelihood(sampler.Position, logLikelihood.AsSpan(iteration * observations, observations));
            running.Add(row);
            sink?.Write(chain, options.WarmupIterations + iteration, isWarmup: false, row, statistics);
            var done = options.WarmupIterations + iteration + 1;
            if (progress is not null && (done % options.ProgressInterval == 0 || done == total))
            {
                progress.Report(new SamplingProgress(chain, done, total, IsWarmup: false, sampler.StepSize, divergences, running.Summaries(model.OutputNames)));
            }
        }

        return new ChainResult(chain, outputCount, draws, allStatistics, logLikelihood, observations, sampler.StepSize, sampler.Metric);
    }

    private static void Initialize(IModel model, NoUTurnSampler sampler, ChainRandom random, double radius, int chain)
    {
        var position = new double[model.Dimension];
        for (var attempt = 0; attempt < InitializationAttempts; attempt++)
        {
            for (var i = 0; i < position.Length; i++)
            {
                position[i] = random.NextUniform(-radius, radius);
            }

            if (sampler.TrySetPosition(position))
            {
                return;
            }
        }

        throw new InvalidOperationException(
            $"chain {chain}: no initial values with a finite log density and gradient after {InitializationAttempts} attempts in (-{radius}, {radius}) on the unconstrained scale");
    }

    /// <summary>Welford's running mean and variance of every output.</summary>
    private sealed class RunningMoments(int count)
    {
        private readonly double[] mean = new double[count];
        private readonly double[] sumOfSquares = new double[count];
        private int n;

        public void Add(ReadOnlySpan<double> values)
        {
            n++;
            for (var i = 0; i < mean.Length; i++)
            {
                var delta = values[i] - mean[i];
                mean[i] += delta / n;
                sumOfSquares[i] += delta * (values[i] - mean[i]);
            }
        }

        public RunningSummary[] Summaries(IReadOnlyList<string> names)
        {
            var result = new RunningSummary[mean.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new RunningSummary(names[i], mean[i], n > 1 ? Math.Sqrt(sumOfSquares[i] / (n - 1)) : double.NaN);
            }

            return result;
        }
    }
}
