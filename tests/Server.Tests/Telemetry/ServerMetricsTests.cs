using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Google.Protobuf;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using MetaAnalysis.Server.Telemetry;
using MetaAnalysis.Server.Tests.Storage;
using MetaAnalysis.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetaAnalysis.Server.Tests.Telemetry;

#pragma warning disable CA1001 // xunit disposes the store through IAsyncLifetime.DisposeAsync
public sealed class ServerMetricsTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly TestStore test = new();
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ServiceOptions options = new() { LeaseDuration = TimeSpan.FromSeconds(10), ReaperInterval = TimeSpan.FromSeconds(1) };
    private ServerMetrics metrics = null!;
    private MeasurementRecorder recorder = null!;

    public Task InitializeAsync()
    {
        metrics = new ServerMetrics(services.GetRequiredService<IMeterFactory>(), test.Store);
        recorder = new MeasurementRecorder(metrics.Meter);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        recorder.Dispose();
        await services.DisposeAsync();
        await test.DisposeAsync();
    }

    [Fact]
    public async Task QueueDepth_AfterSubmitsAndALease_ReadsTheQueuedJobs()
    {
        await Submit(1);
        await Submit(2);
        await Submit(3);
        await test.Store.TryLeaseAsync("w", options.LeaseDuration);

        recorder.Observe();

        Assert.Equal(2, Assert.Single(recorder.Of("metaanalysis.queue.depth")).Value);
    }

    [Fact]
    public async Task LeaseReaper_TwoLeasesRunOut_CountsTwoExpiries()
    {
        await Submit(1);
        await Submit(2);
        await test.Store.TryLeaseAsync("w", options.LeaseDuration);
        await test.Store.TryLeaseAsync("w", options.LeaseDuration);
        var jobs = new JobService(test.Store, test.Signals, options, test.Time);
        using var reaper = new LeaseReaper(jobs, options, test.Time, NullLogger<LeaseReaper>.Instance, metrics);
        await reaper.StartAsync(default);

        // The reaper's timer starts on a pool thread; each tick of the fake clock wakes it once it exists.
        test.Time.Advance(options.LeaseDuration);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (recorder.Of("metaanalysis.leases.expired").Count == 0 && DateTime.UtcNow < until)
        {
            test.Time.Advance(options.ReaperInterval);
            await Task.Delay(20);
        }

        await reaper.StopAsync(default);
        Assert.Equal(2, Assert.Single(recorder.Of("metaanalysis.leases.expired")).Value);
        Assert.Equal(2, test.Store.QueuedCount);
    }

    private Task<SubmitOutcome> Submit(int seed)
    {
        var spec = TestSpecs.EffectSizes(seed).ToByteArray();
        return test.Store.SubmitAsync(new NewJob("a", null, SHA256.HashData(spec), spec), new QueueLimits(100, 100));
    }
}
