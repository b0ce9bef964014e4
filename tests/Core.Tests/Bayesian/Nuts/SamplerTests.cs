using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class SamplerTests
{
    [Fact]
    public void Run_StandardNormal_RecoversMomentsWithinMonteCarloError()
    {
        var result = Sampler.Run(GaussianTarget.StandardNormal(10), new SamplerOptions { Seed = 11 });
        var report = DiagnosticReport.Create(result);

        Assert.Empty(report.Warnings);
        foreach (var p in report.Parameters)
        {
            Assert.InRange(p.Mean, -4 * p.McseMean, 4 * p.McseMean);
            Assert.InRange(p.Sd, 1 - (4 * p.McseSd), 1 + (4 * p.McseSd));
            Assert.InRange(p.Q975, 1.959964 - (4 * p.McseQ975), 1.959964 + (4 * p.McseQ975));
        }
    }

    [Theory]
    [InlineData(MetricKind.Diagonal)]
    [InlineData(MetricKind.Dense)]
    public void Run_CorrelatedGaussian_RecoversMeansSdsAndCorrelation(MetricKind metric)
    {
        var target = GaussianTarget.Correlated(0.9);
        var result = Sampler.Run(target, new SamplerOptions { Seed = 5, Metric = metric, SamplingIterations = 2000 });
        var report = DiagnosticReport.Create(result);

        Assert.Empty(report.Warnings);
        double[] means = [1, -2];
        double[] sds = [1, 3];
        for (var i = 0; i < 2; i++)
        {
            var p = report.Parameters[i];
            Assert.InRange(p.Mean, means[i] - (4 * p.McseMean), means[i] + (4 * p.McseMean));
            Assert.InRange(p.Sd, sds[i] - (4 * p.McseSd), sds[i] + (4 * p.McseSd));
        }

        var x = result.PooledDraws("x[0]");
        var y = result.PooledDraws("x[1]");
        Assert.InRange(MathNet.Numerics.Statistics.Correlation.Pearson(x, y), 0.87, 0.93);
    }

    [Fact]
    public void Run_DenseMetric_AdaptsToTheTargetCovariance()
    {
        var target = GaussianTarget.Correlated(0.9);
        var result = Sampler.Run(target, new SamplerOptions { Seed = 8, Metric = MetricKind.Dense, Chains = 1 });

        var learned = ((DenseMetric)result.Chains[0].Metric).InverseMetric;

        // Warm-up's last window has 500 draws, so the estimated covariance is within ~20% of Σ.
        Assert.InRange(learned[0, 0], 0.75, 1.25);
        Assert.InRange(learned[1, 1], 9 * 0.75, 9 * 1.25);
        Assert.InRange(learned[0, 1] / Math.Sqrt(learned[0, 0] * learned[1, 1]), 0.85, 0.95);
    }

    [Fact]
    public void Run_SameSeed_GivesIdenticalDrawsWhateverTheParallelism()
    {
        var target = GaussianTarget.Correlated(0.5);
        var options = new SamplerOptions { Seed = 42, WarmupIterations = 200, SamplingIterations = 100 };

        var parallel = Sampler.Run(target, options);
        var serial = Sampler.Run(target, options with { MaxDegreeOfParallelism = 1 });
        var otherSeed = Sampler.Run(target, options with { Seed = 43 });

        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(parallel.Chains[c].Column(0), serial.Chains[c].Column(0));
            Assert.NotEqual(parallel.Chains[c].Column(0), otherSeed.Chains[c].Column(0));
        }

        Assert.NotEqual(parallel.Chains[0].Column(0), parallel.Chains[1].Column(0));
    }

    [Fact]
    public void Run_CancelledBeforeStart_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Sampler.Run(GaussianTarget.StandardNormal(2), new SamplerOptions(), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Run_CancelledWhileSampling_StopsWithOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var reports = 0;
        var progress = new SynchronousProgress(_ =>
        {
            if (Interlocked.Increment(ref reports) == 3)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Sampler.Run(
            GaussianTarget.StandardNormal(2),
            new SamplerOptions { Chains = 1, WarmupIterations = 100_000, ProgressInterval = 10 },
            progress: progress,
            cancellationToken: cancellation.Token));
        Assert.InRange(reports, 3, 4);
    }

    [Fact]
    public void Run_WithProgressAndSink_ReportsEveryIterationAndRunningSummaries()
    {
        var sink = new CountingSink();
        var reports = new List<SamplingProgress>();
        var progress = new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        var result = Sampler.Run(
            GaussianTarget.StandardNormal(2),
            new SamplerOptions { Chains = 2, WarmupIterations = 100, SamplingIterations = 200, ProgressInterval = 50 },
            sink,
            progress);

        Assert.Equal(2 * 300, sink.Count);
        Assert.Equal(2 * 200, sink.Kept);
        Assert.Equal(2 * 6, reports.Count);
        var last = reports.Single(r => r.Chain == 1 && r.Iteration == 300);
        Assert.False(last.IsWarmup);
        Assert.Equal(1.0, last.Fraction);
        var summary = last.Summaries.Single(s => s.Name == "x[0]");
        var draws = result.Chains[1].Column(0);
        Assert.Equal(draws.Average(), summary.Mean, 10);
        Assert.Equal(MathNet.Numerics.Statistics.Statistics.StandardDeviation(draws), summary.Sd, 10);
        Assert.All(reports.Where(r => r.IsWarmup), r => Assert.Empty(r.Summaries));
    }

    [Fact]
    public void Run_ModelWithNoFiniteDensity_ThrowsNamingTheChain()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Sampler.Run(new NowhereFiniteModel(), new SamplerOptions { Chains = 4 }));
        Assert.Matches("^chain [0-3]: no initial values", ex.Message);
    }

    [Theory]
    [InlineData("sampler.chains")]
    [InlineData("sampler.target_acceptance")]
    [InlineData("sampler.max_tree_depth")]
    [InlineData("sampler.warmup_iterations")]
    public void Run_BadOption_ThrowsNamingTheField(string field)
    {
        var options = field switch
        {
            "sampler.chains" => new SamplerOptions { Chains = 0 },
            "sampler.target_acceptance" => new SamplerOptions { TargetAcceptance = 1 },
            "sampler.max_tree_depth" => new SamplerOptions { MaxTreeDepth = 0 },
            _ => new SamplerOptions { WarmupIterations = -1 },
        };

        var ex = Assert.Throws<InvalidInputException>(() => Sampler.Run(GaussianTarget.StandardNormal(1), options));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Run_ShortWarmup_StillSamplesWithTheStepSizeAdapted()
    {
        var result = Sampler.Run(GaussianTarget.StandardNormal(3), new SamplerOptions { Seed = 3, WarmupIterations = 10, SamplingIterations = 2000 });
        var report = DiagnosticReport.Create(result);

        foreach (var p in report.Parameters)
        {
            Assert.InRange(p.Mean, -4 * p.McseMean, 4 * p.McseMean);
        }

        Assert.All(result.Chains, c => Assert.IsType<DiagonalMetric>(c.Metric));
        Assert.All(result.Chains, c => Assert.Equal([1.0, 1.0, 1.0], ((DiagonalMetric)c.Metric).InverseMetricDiagonal));
    }

    private sealed class SynchronousProgress(Action<SamplingProgress> report) : IProgress<SamplingProgress>
    {
        public void Report(SamplingProgress value) => report(value);
    }

    private sealed class CountingSink : IDrawSink
    {
        private int count;
        private int kept;

        public int Count => count;

        public int Kept => kept;

        public void Write(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> outputs, in TransitionStatistics statistics)
        {
            Interlocked.Increment(ref count);
            if (!isWarmup)
            {
                Interlocked.Increment(ref kept);
            }
        }
    }

    private sealed class NowhereFiniteModel : IModel
    {
        public int Dimension => 1;

        public IReadOnlyList<string> ParameterNames => ["x"];

        public IReadOnlyList<string> OutputNames => ["x"];

        public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
        {
            gradient[0] = 0;
            return double.NegativeInfinity;
        }

        public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output) => unconstrained.CopyTo(output);

        public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained) => constrained.CopyTo(unconstrained);
    }
}
