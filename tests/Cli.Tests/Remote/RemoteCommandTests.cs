using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Remote;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>
/// submit, watch and get against a real server with in-process workers. Which engines the worker has may
/// change, so these tests check that every job reaches a final state and that the exit code reports the
/// failures; only the publication-bias checks, which every build fits, must succeed.
/// </summary>
public sealed partial class RemoteCommandTests(ServerWithWorkers server) : IClassFixture<ServerWithWorkers>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly RemotePlans plans = new();
    private readonly CapturedStreams captured = new();

    private CommandStreams Streams => captured.Streams;

    [Fact]
    public async Task SubmitWatch_Batch_EveryJobEndsAndTheExitCodeSaysWhetherOneFailed()
    {
        var plan = plans.Write(RemotePlans.FourModels);

        var exit = await Submit(new SubmitSettings(plan, Watch: true));

        var batchId = BatchId().Match(captured.Console).Value;
        using var client = server.Cluster.Client(ServiceCluster.KeyA);
        var batch = await client.GetBatchAsync(batchId);
        Assert.True(batch.Completed, captured.Error);
        Assert.All(batch.Jobs, j => Assert.Contains(j.State, new[] { JobState.Succeeded, JobState.Failed }));
        Assert.Equal(batch.Jobs.Any(j => j.State == JobState.Failed) ? ExitCodes.PartlyFailed : ExitCodes.Success, exit);
        Assert.Equal(JobState.Succeeded, batch.Jobs.Single(j => j.Name == MetaAnalysis.ClientSdk.Builders.BatchBuilder.PublicationBiasModelName).State);
        Assert.Equal(5, batch.Comparison.Rows.Count);
        foreach (var job in batch.Jobs)
        {
            Assert.Contains($"{job.Name}: started", captured.Console, StringComparison.Ordinal);
            Assert.Contains($"{job.Name}: {(job.State == JobState.Succeeded ? "done" : "failed")}", captured.Console, StringComparison.Ordinal);
        }

        Assert.Contains("Model comparison", captured.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitWatchJson_PublicationBiasModel_GivesTheLocalRunsEggerTest()
    {
        var plan = plans.Write(RemotePlans.FourModels);

        var exit = await Submit(new SubmitSettings(plan, Model: MetaAnalysis.ClientSdk.Builders.BatchBuilder.PublicationBiasModelName, Watch: true, Json: true));

        Assert.Equal(ExitCodes.Success, exit);
        var lines = captured.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToArray();
        var jobId = lines[0].RootElement.GetProperty("job_id").GetString();
        var events = lines.Skip(1).Select(l => l.RootElement).ToArray();
        Assert.All(events, e => Assert.Equal(jobId, e.GetProperty("job_id").GetString()));
        Assert.True(events[0].TryGetProperty("queued", out _));
        var egger = events[^1].GetProperty("result").GetProperty("publication_bias").GetProperty("egger");

        // The service runs the test the local run reports (metafor's regtest default, a mixed-effects
        // meta-regression on the standard error; checked against metafor in the Core and Worker tests).
        var rows = RemotePlans.Studies.Split('\n').Skip(1).Select(l => l.Trim().Split(',')).ToArray();
        var local = EggerRegressionTest.MixedEffects(EffectData.Create(
            rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => Math.Pow(double.Parse(r[2], CultureInfo.InvariantCulture), 2)).ToArray()));
        Assert.Equal("rma", egger.GetProperty("model").GetString());
        Assert.Equal(local.Slope, egger.GetProperty("slope").GetDouble(), 1e-10);
        Assert.Equal(local.Statistic, egger.GetProperty("statistic").GetDouble(), 1e-10);
        Assert.Equal(local.LimitEstimate, egger.GetProperty("limit_estimate").GetDouble(), 1e-10);
    }

    [Fact]
    public async Task Get_FinishedBatch_PrintsEveryJobsStateAndTheComparison()
    {
        var plan = plans.Write(RemotePlans.FourModels);
        await Submit(new SubmitSettings(plan, Watch: true, Json: true));
        var batchId = JsonDocument.Parse(captured.Output.Split('\n')[0]).RootElement.GetProperty("batch_id").GetString()!;
        captured.Reset();

        var exit = await GetCommand.RunAsync(batchId, json: false, server.Connection, Streams);

        using var client = server.Cluster.Client(ServiceCluster.KeyA);
        var batch = await client.GetBatchAsync(batchId);
        Assert.Equal(JobOutcome.ExitCode(batch.Jobs.Select(j => j.State)), exit);
        foreach (var job in batch.Jobs)
        {
            Assert.Contains(job.Name, captured.Console, StringComparison.Ordinal);
        }

        Assert.Contains("Egger's regression test", captured.Console, StringComparison.Ordinal);
        Assert.Contains("Model comparison", captured.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJson_Job_WritesTheJobAsJson()
    {
        var plan = plans.Write(RemotePlans.FourModels);
        await Submit(new SubmitSettings(plan, Model: MetaAnalysis.ClientSdk.Builders.BatchBuilder.PublicationBiasModelName, Watch: true, Json: true));
        var jobId = JsonDocument.Parse(captured.Output.Split('\n')[0]).RootElement.GetProperty("job_id").GetString()!;
        captured.Reset();

        var exit = await GetCommand.RunAsync(jobId, json: true, server.Connection, Streams);

        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(captured.Output);
        Assert.Contains(json.RootElement.GetProperty("run").GetProperty("job_ids").EnumerateObject(), p => p.Value.GetString() == jobId);
        var model = Assert.Single(json.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("succeeded", model.GetProperty("state").GetString());
        Assert.True(model.GetProperty("result").GetProperty("publication_bias").TryGetProperty("egger", out _));
    }

    [Fact]
    public async Task Watch_FromTheLastEvent_ShowsNothingNewAndEndsWithTheState()
    {
        var plan = plans.Write(RemotePlans.FourModels);
        await Submit(new SubmitSettings(plan, Model: MetaAnalysis.ClientSdk.Builders.BatchBuilder.PublicationBiasModelName, Watch: true, Json: true));
        var lines = captured.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var jobId = JsonDocument.Parse(lines[0]).RootElement.GetProperty("job_id").GetString()!;
        var last = long.Parse(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("sequence").GetString()!, CultureInfo.InvariantCulture);

        var exit = await WatchCommand.RunAsync(jobId, last, json: false, server.Connection, Streams);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.DoesNotContain("done:", captured.Console, StringComparison.Ordinal);
        Assert.Contains($"job {jobId}: 1 succeeded", captured.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ServiceLimit_IsBadInputNamingThePlansFieldBeforeAnythingIsSent()
    {
        var plan = plans.Write(RemotePlans.FourModels.Replace("chains: 2", "chains: 65", StringComparison.Ordinal));

        var exit = await Submit(new SubmitSettings(plan));

        Assert.Equal(ExitCodes.BadInput, exit);
        // The command line checks the request with the server's own validator, so the plan's field is named.
        Assert.Contains("models[3].sampler.chains: must be at most 64, got 65", captured.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownJob_IsNotFound()
    {
        var exit = await GetCommand.RunAsync("job_0000000000000000000000000000dead", json: false, server.Connection, Streams);

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("not found", captured.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WrongApiKey_IsServerUnavailableSayingTheKeyWasRefused()
    {
        var exit = await WatchCommand.RunAsync("batch_x", 0, json: false, () => server.Connection("not-a-key"), Streams);

        Assert.Equal(ExitCodes.ServerUnavailable, exit);
        Assert.Contains("refused the API key", captured.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        plans.Dispose();
        captured.Dispose();
    }

    private async Task<int> Submit(SubmitSettings settings)
    {
        using var timeout = new CancellationTokenSource(Limit);
        return await SubmitCommand.RunAsync(settings, server.Connection, Streams, timeout.Token);
    }

    [GeneratedRegex("batch_[0-9a-f]+")]
    private static partial Regex BatchId();
}
