using MetaAnalysis.Tests.Shared;
using System.Diagnostics.Metrics;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Tests.Telemetry;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Worker.Runtime;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Worker.Telemetry;
using MetaAnalysis.Worker.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetaAnalysis.Worker.Tests.Telemetry;

public sealed class WorkerMetricsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingJobSource source = new();
    private readonly WorkerMetrics metrics;
    private readonly MeasurementRecorder recorder;

    public WorkerMetricsTests()
    {
        metrics = new WorkerMetrics(services.GetRequiredService<IMeterFactory>());
        recorder = new MeasurementRecorder(metrics.Meter);
    }

    public void Dispose()
    {
        recorder.Dispose();
        services.Dispose();
    }

    [Fact]
    public async Task Run_FitWithFailedDiagnostics_CountsEachFailedCheckAndRecordsTheDuration()
    {
        var diagnostics = new FitDiagnostics { MaxRhat = 1.2, Divergences = 3, MinEssBulk = 2000 };
        var runner = Runner(new FitterCatalog([new FixedFitter(new FitResult { Engine = "nuts", Diagnostics = diagnostics })]));

        await runner.RunAsync(Job(TestSpecs.RandomEffects()), default);

        var failures = recorder.Of("metaanalysis.fit.diagnostic_failures");
        Assert.Equal(["divergences", "rhat"], failures.Select(m => m.Tags["check"]).Order());
        Assert.All(failures, m => Assert.Equal(1, m.Value));
        Assert.All(failures, m => Assert.Equal("frequentist", m.Tags["engine"]));
        var duration = Assert.Single(recorder.Of("metaanalysis.job.duration"));
        Assert.Equal("succeeded", duration.Tags["outcome"]);
        Assert.True(duration.Value >= 0);
        Assert.Single(source.Completions);
    }

    [Fact]
    public async Task Run_FitThrows_DurationRecordedAsFailedAndNoDiagnosticFailure()
    {
        var runner = Runner(new FitterCatalog([new ThrowingFitter()]));

        await runner.RunAsync(Job(TestSpecs.RandomEffects()), default);

        Assert.Empty(recorder.Of("metaanalysis.fit.diagnostic_failures"));
        Assert.Equal("failed", Assert.Single(recorder.Of("metaanalysis.job.duration")).Tags["outcome"]);
    }

    private JobRunner Runner(FitterCatalog catalog) => new(source, catalog, new WorkerOptions(), new FakeTimeProvider(), NullLogger.Instance, metrics);

    private static LeasedJob Job(ModelSpec spec) => new() { JobId = "job_1", Attempt = 1, Spec = spec, LeaseSeconds = 30 };

    private sealed class FixedFitter(FitResult result) : IFitter
    {
        public bool Accepts(ValidatedAnalysis analysis) => true;

        public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken) => result.Clone();
    }

    private sealed class ThrowingFitter : IFitter
    {
        public bool Accepts(ValidatedAnalysis analysis) => true;

        public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken) => throw new InvalidOperationException("engine bug");
    }
}
