using System.Text.Json;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Remote;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>cancel, idempotent submission and Ctrl+C against a server without workers, where every job stays queued until cancelled.</summary>
public sealed class RemoteCancelTests(ServerWithoutWorkers server) : IClassFixture<ServerWithoutWorkers>, IDisposable
{
    private readonly RemotePlans plans = new();
    private readonly CapturedStreams captured = new();

    private CommandStreams Streams => captured.Streams;

    [Fact]
    public async Task Cancel_QueuedBatch_CancelsEveryJobAndWatchAndGetSayCancelled()
    {
        var batchId = (await SubmitJson(new SubmitSettings(plans.Write(RemotePlans.FourModels), Json: true))).GetProperty("batch_id").GetString()!;
        captured.Reset();

        var exit = await CancelCommand.RunAsync(batchId, json: false, server.Connection, Streams);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains($"cancelled 5 open jobs of batch {batchId}", captured.Console, StringComparison.Ordinal);
        captured.Reset();
        Assert.Equal(ExitCodes.Cancelled, await WatchCommand.RunAsync(batchId, 0, json: false, server.Connection, Streams));
        Assert.Contains("random effects: cancelled", captured.Console, StringComparison.Ordinal);
        Assert.Contains("every job of the batch has ended", captured.Console, StringComparison.Ordinal);
        captured.Reset();
        Assert.Equal(ExitCodes.Cancelled, await GetCommand.RunAsync(batchId, json: false, server.Connection, Streams));
        captured.Reset();
        Assert.Equal(ExitCodes.Success, await CancelCommand.RunAsync(batchId, json: false, server.Connection, Streams));
        Assert.Contains("has no open job; nothing was cancelled", captured.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelJson_QueuedJob_CountsItAndGetShowsItCancelled()
    {
        var jobId = (await SubmitJson(new SubmitSettings(plans.Write(RemotePlans.FourModels), Model: "random effects", Json: true))).GetProperty("job_id").GetString()!;
        captured.Reset();

        var exit = await CancelCommand.RunAsync(jobId, json: true, server.Connection, Streams);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(1, JsonDocument.Parse(captured.Output).RootElement.GetProperty("cancelled").GetInt32());
        captured.Reset();
        Assert.Equal(ExitCodes.Cancelled, await GetCommand.RunAsync(jobId, json: false, server.Connection, Streams));
        Assert.Contains($"job {jobId}: 1 cancelled", captured.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_GivesTheSameBatch()
    {
        var plan = plans.Write(RemotePlans.FourModels);
        var key = Guid.NewGuid().ToString("N");

        var first = await SubmitJson(new SubmitSettings(plan, IdempotencyKey: key, Json: true));
        captured.Reset();
        var second = await SubmitJson(new SubmitSettings(plan, IdempotencyKey: key, Json: true));

        Assert.Equal(first.GetProperty("batch_id").GetString(), second.GetProperty("batch_id").GetString());
        Assert.False(first.GetProperty("existing").GetBoolean());
        Assert.True(second.GetProperty("existing").GetBoolean());
        Assert.Equal(key, second.GetProperty("idempotency_key").GetString());
    }

    [Fact]
    public async Task Watch_CancelledByTheUser_StopsWithTheSequenceToResumeFrom()
    {
        var batchId = (await SubmitJson(new SubmitSettings(plans.Write(RemotePlans.FourModels), Json: true))).GetProperty("batch_id").GetString()!;
        captured.Reset();
        using var controlC = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var exit = await WatchCommand.RunAsync(batchId, 0, json: false, server.Connection, Streams, controlC.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("random effects: queued", captured.Console, StringComparison.Ordinal);
        Assert.Matches($@"stopped watching after event [1-9]\d*; the jobs go on \(metaanalysis watch {batchId} --from [1-9]\d*\)", captured.Error);
    }

    public void Dispose()
    {
        plans.Dispose();
        captured.Dispose();
    }

    private async Task<JsonElement> SubmitJson(SubmitSettings settings)
    {
        var exit = await SubmitCommand.RunAsync(settings, server.Connection, Streams);
        Assert.True(exit == ExitCodes.Success, captured.Error);
        return JsonDocument.Parse(captured.Output).RootElement.Clone();
    }
}
