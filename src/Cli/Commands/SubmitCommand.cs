using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Core;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Remote;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>What <c>submit</c> sends and shows.</summary>
/// <param name="Plan">The analysis plan (the one <c>compare</c> and <c>report</c> run locally).</param>
/// <param name="Data">A table that replaces the plan's data file.</param>
/// <param name="Model">Submit only this model of the plan, as one job; null for the whole batch.</param>
/// <param name="IdempotencyKey">Makes the submission repeatable; null for a new key (shown, so that it can be repeated).</param>
/// <param name="Watch">Follow the work until it ends.</param>
/// <param name="Json">JSON lines on standard output instead of tables.</param>
/// <param name="Report">Follow the work to its end, then write its HTML report here (the report <c>report BATCH_ID</c> writes); null for none.</param>
public sealed record SubmitSettings(FileInfo Plan, FileInfo? Data = null, string? Model = null, string? IdempotencyKey = null, bool Watch = false, bool Json = false, string? Report = null);

/// <summary>
/// <c>submit PLAN</c>: sends a plan's models to the server as one batch (one data set, the plan's models and
/// its publication-bias checks), or one model with <c>--model</c>, and prints the ids; with <c>--watch</c> it
/// follows the work to the end and prints the comparison.
/// </summary>
public static class SubmitCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/> and reading defaults from <paramref name="environment"/>.</summary>
    public static Command Create(CommandStreams streams, Func<string, string?> environment)
    {
        var plan = new Argument<FileInfo>("plan") { Description = "The analysis plan (YAML or JSON), as for compare and report" };
        var data = new Option<FileInfo?>("--data") { Description = "CSV or JSON table of studies; replaces the plan's data.file" };
        var model = new Option<string?>("--model") { Description = "Submit only this model of the plan (one job instead of a batch)" };
        var key = new Option<string?>("--idempotency-key") { Description = "Repeating a submission with the same key gives the same batch instead of a second one (default: a new key, printed)" };
        var watch = new Option<bool>("--watch") { Description = "Follow the jobs until they end, then print the comparison" };
        var report = new Option<FileInfo?>("--report") { Description = "Follow the jobs until they end, then write the HTML report to this file" };
        var remote = new RemoteOptions();
        var command = new Command("submit", "Send a plan's models to the server as a batch (or one model) and print the ids; --watch follows them") { plan, data, model, key, watch, report };
        remote.AddTo(command);
        command.SetAction((parse, token) => RunAsync(
            new SubmitSettings(parse.GetRequiredValue(plan), parse.GetValue(data), parse.GetValue(model), parse.GetValue(key), parse.GetValue(watch), parse.GetValue(remote.Json), parse.GetValue(report)?.FullName),
            () => remote.Connection(parse, environment),
            streams,
            token));
        return command;
    }

    /// <summary>Maps the plan, submits it and (with --watch) follows it; returns the exit code.</summary>
    public static Task<int> RunAsync(SubmitSettings settings, Func<ServerConnection> connect, CommandStreams streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(streams);
        return RemoteCommand.RunAsync("submit", streams, connect, (client, connection) => SubmitAsync(settings, client, connection, streams, cancellationToken), cancellationToken);
    }

    private static async Task<int> SubmitAsync(SubmitSettings settings, MetaAnalysisClient client, ServerConnection connection, CommandStreams streams, CancellationToken cancellationToken)
    {
        var (plan, table) = BatchExecution.LoadPlanFile(settings.Plan, settings.Data);
        var batch = PlanRequest.Build(plan, table);
        PlanRequest.Validate(batch.Request, plan, table);
        var spec = settings.Model is { } name ? batch.Spec(name) : null;
        var key = settings.IdempotencyKey ?? Guid.NewGuid().ToString("N");
        RemoteTarget target;
        JsonObject submitted;
        Dictionary<string, string> names;
        try
        {
            if (spec is not null)
            {
                var job = await client.SubmitAsync(spec, key, cancellationToken).ConfigureAwait(false);
                target = new RemoteTarget(job.JobId, IsBatch: false);
                names = new Dictionary<string, string>(StringComparer.Ordinal) { [job.JobId] = settings.Model! };
                submitted = new JsonObject { ["job_id"] = job.JobId, ["name"] = settings.Model, ["existing"] = job.Existing };
            }
            else
            {
                var handle = await client.SubmitBatchAsync(batch.Request, key, cancellationToken).ConfigureAwait(false);
                target = new RemoteTarget(handle.BatchId, IsBatch: true);
                names = handle.JobIds.Zip(batch.ModelNames).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                var jobs = batch.ModelNames.Zip(handle.JobIds, (model, job) => (JsonNode)new JsonObject { ["name"] = model, ["job_id"] = job });
                submitted = new JsonObject { ["batch_id"] = handle.BatchId, ["existing"] = handle.Existing, ["jobs"] = new JsonArray([.. jobs]) };
            }
        }
        catch (SpecRejectedException ex) when (ex.InnerException is RpcException rejected)
        {
            return RemoteCommand.Fail("submit", streams, rejected, connection.Address, spec is null ? batch.ModelNames : null);
        }
        catch (Exception ex) when (RemoteCommand.IsCancellation(ex, cancellationToken))
        {
            streams.Error.WriteLine($"submit: cancelled; the server may have queued the work: submit again with --idempotency-key {key} to get it without a duplicate");
            return ExitCodes.Cancelled;
        }

        submitted["idempotency_key"] = key;
        if (settings.Json)
        {
            streams.Output.WriteLine(submitted.ToJsonString());
        }
        else
        {
            WriteSubmitted(streams.Console, target, submitted, connection);
        }

        if (!settings.Watch && settings.Report is null)
        {
            return ExitCodes.Success;
        }

        var exit = await RemoteWatch.RunAsync(client, target, 0, settings.Json, streams, "submit", cancellationToken, names, connection.Address).ConfigureAwait(false);
        if (settings.Report is not { } path || exit == ExitCodes.Cancelled)
        {
            return exit;
        }

        var document = await GetCommand.Fetch(client, target, connection.Address, $"metaanalysis submit {settings.Plan.Name}", cancellationToken).ConfigureAwait(false);
        var written = BatchExecution.WriteReport("submit", document, path, streams);
        return written == ExitCodes.Success ? exit : written;
    }

    private static void WriteSubmitted(IAnsiConsole console, RemoteTarget target, JsonObject submitted, ServerConnection connection)
    {
        var existing = submitted["existing"]!.GetValue<bool>() ? " (this idempotency key had already submitted it; nothing new was queued)" : string.Empty;
        console.MarkupLine(Markup.Escape($"submitted {target} to {connection.Address} with idempotency key {submitted["idempotency_key"]}{existing}"));
        if (submitted["jobs"] is JsonArray jobs)
        {
            ConsoleTables.Write(console, new Reports.Tables.TextTable(
                $"Batch {target.Id}",
                ["model", "job"],
                jobs.Select(j => (IReadOnlyList<string>)[j!["name"]!.GetValue<string>(), j["job_id"]!.GetValue<string>()]).ToArray()),
                textColumns: 2);
        }

        console.MarkupLine(Markup.Escape($"follow it with: metaanalysis watch {target.Id}"));
    }
}
