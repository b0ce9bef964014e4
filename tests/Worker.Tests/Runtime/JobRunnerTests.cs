using MetaAnalysis.Tests.Shared;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Worker.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetaAnalysis.Worker.Tests.Runtime;

public sealed class JobRunnerTests
{
    private readonly RecordingJobSource source = new();
    private readonly FakeTimeProvider time = new();
    private readonly WorkerOptions options = new() { HeartbeatInterval = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Run_EffectSizeJob_CompletesWithTheResultForThatAttempt()
    {
        var runner = Runner(FitterCatalog.Default);

        await runner.RunAsync(Job(TestSpecs.RawMeanDifferences(), attempt: 3), default);

        var completion = Assert.Single(source.Completions);
        Assert.Equal(3, completion.Attempt);
        Assert.Equal("MD", completion.Result.EffectSizes.Measure);
        Assert.Empty(source.Failures);
    }

    [Fact]
    public async Task Run_InvalidData_FailsAsInvalidInputWithTheField()
    {
        var spec = TestSpecs.RawMeanDifferences();
        spec.Data.Raw.Sd1I[1] = -3;

        await Runner(FitterCatalog.Default).RunAsync(Job(spec), default);

        var failure = Assert.Single(source.Failures).Failure;
        Assert.Equal("invalid_input", failure.Kind);
        Assert.Equal("spec.data.raw.sd1i[1]", failure.Field);
    }

    [Fact]
    public async Task Run_RandomEffectsJob_CompletesWithTheFrequentistFit()
    {
        await Runner(FitterCatalog.Default).RunAsync(Job(TestSpecs.RandomEffects()), default);

        var result = Assert.Single(source.Completions).Result;
        Assert.Equal("frequentist", result.Engine);
        Assert.Equal("intrcpt", Assert.Single(result.Coefficients).Name);
        Assert.Empty(source.Failures);
    }

    [Fact]
    public async Task Run_EngineThrows_FailureCarriesAnErrorIdNotTheExceptionText()
    {
        var runner = Runner(new FitterCatalog([new ThrowingFitter()]));

        await runner.RunAsync(Job(TestSpecs.RandomEffects()), default);

        var failure = Assert.Single(source.Failures).Failure;
        Assert.Equal("engine_error", failure.Kind);
        Assert.DoesNotContain(ThrowingFitter.Secret, failure.Message, StringComparison.Ordinal);
        Assert.Contains("error id", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LongFit_HeartbeatsCarryProgressAndCancelStopsTheFit()
    {
        var fitter = new BlockingFitter();
        source.HeartbeatAnswer = HeartbeatOutcome.Cancel;
        var run = Runner(new FitterCatalog([fitter])).RunAsync(Job(TestSpecs.RandomEffects()), default);
        await fitter.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);

        time.Advance(options.HeartbeatInterval);
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        var heartbeat = Assert.Single(source.Heartbeats);
        Assert.Equal(0.25, heartbeat.Progress.Fraction);
        Assert.True(fitter.WasCancelled);
        Assert.Empty(source.Completions);
        Assert.Empty(source.Failures);
    }

    [Fact]
    public async Task Run_NutsJob_HeartbeatsCarryPartialSummariesAndCancelStopsTheSampler()
    {
        var spec = TestSpecs.ExactBayes(k: 8);
        spec.Engine = new Engine { Nuts = new NutsEngine { Seed = 1, Warmup = 100, Draws = 1_000_000, PartialSummaryEvery = 10 } };
        source.Answer = heartbeat => heartbeat.PartialSummary is null ? HeartbeatOutcome.Continue : HeartbeatOutcome.Cancel;
        var run = Runner(FitterCatalog.Default).RunAsync(Job(spec), default);

        for (var tick = 0; tick < 600 && !run.IsCompleted; tick++)
        {
            await Task.Delay(50);
            time.Advance(options.HeartbeatInterval);
        }

        await run.WaitAsync(TimeSpan.FromSeconds(30));
        HeartbeatRequest[] heartbeats;
        lock (source.Heartbeats)
        {
            heartbeats = [.. source.Heartbeats];
        }

        var last = heartbeats[^1];
        Assert.Contains(last.PartialSummary.Parameters, p => p.Name == "mu" && double.IsFinite(p.Mean) && p.Lower < p.Upper);
        Assert.True(last.PartialSummary.Draws > 0);
        Assert.Contains(heartbeats, h => h.Progress is { Fraction: > 0 and < 0.5 });
        Assert.Empty(source.Completions);
        Assert.Empty(source.Failures);
    }

    [Fact]
    public async Task Run_LeaseLost_StopsWithoutReporting()
    {
        var fitter = new BlockingFitter();
        source.HeartbeatAnswer = HeartbeatOutcome.LeaseLost;
        var run = Runner(new FitterCatalog([fitter])).RunAsync(Job(TestSpecs.RandomEffects()), default);
        await fitter.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);

        time.Advance(options.HeartbeatInterval);
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(source.Completions);
        Assert.Empty(source.Failures);
    }

    [Fact]
    public async Task Run_WorkerStopping_AbandonsTheFitUnreported()
    {
        var fitter = new BlockingFitter();
        using var stopping = new CancellationTokenSource();
        var run = Runner(new FitterCatalog([fitter])).RunAsync(Job(TestSpecs.RandomEffects()), stopping.Token);
        await fitter.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await stopping.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(fitter.WasCancelled);
        Assert.Empty(source.Completions);
        Assert.Empty(source.Failures);
    }

    private JobRunner Runner(FitterCatalog catalog) => new(source, catalog, options, time, NullLogger.Instance);

    private static LeasedJob Job(ModelSpec spec, int attempt = 1) => new() { JobId = "job_1", Attempt = attempt, Spec = spec, LeaseSeconds = 30 };

    private sealed class ThrowingFitter : IFitter
    {
        public const string Secret = "connection string with password";

        public bool Accepts(Analysis.Validation.ValidatedAnalysis analysis) => true;

        public FitResult Fit(Analysis.Validation.ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);
    }
}
