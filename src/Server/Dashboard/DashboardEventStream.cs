using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Server.Jobs;

namespace MetaAnalysis.Server.Dashboard;

/// <summary>
/// The pages' live view: one server-sent event stream per page that carries the events of every batch and
/// job the page shows (<c>/events?watch=b:ID&amp;watch=j:ID</c>), each as the job's state, progress and a short
/// message. A browser allows only a few connections per server, so a page never opens one stream per row.
/// </summary>
/// <remarks>
/// Each target's events are replayed from its start and the page applies them in order; the result is the
/// same whether the page was rendered a second or an hour before. A stream ends with an <c>end</c> event once
/// every target has ended, and the page then closes it (a browser would otherwise reconnect and replay).
/// </remarks>
internal static class DashboardEventStream
{
    /// <summary>The most targets one stream follows (the overview lists at most this many).</summary>
    public const int MaxTargets = DashboardPages.RecentWork;

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Parses the <c>watch</c> parameters; null when one is not <c>b:ID</c> or <c>j:ID</c> or there are too many.</summary>
    public static IReadOnlyList<WorkTarget>? Targets(IEnumerable<string?> watch)
    {
        var targets = new List<WorkTarget>();
        foreach (var item in watch.SelectMany(w => (w ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (item.Length < 3 || item[1] != ':' || item[0] is not ('b' or 'j') || targets.Count == MaxTargets)
            {
                return null;
            }

            targets.Add(new WorkTarget(item[2..], IsBatch: item[0] == 'b'));
        }

        return targets.Distinct().ToArray();
    }

    /// <summary>Streams the events of <paramref name="targets"/> to the response until every target has ended or the client goes.</summary>
    public static async Task WriteAsync(HttpContext context, JobService jobs, string tenant, IReadOnlyList<WorkTarget> targets, ILogger logger, CancellationToken stopping)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";

        // Reverse proxies must pass each event on as it comes.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = ending.Token;
        var events = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { SingleReader = true });
        var watchers = targets.Select(target => Task.Run(() => FollowAsync(jobs, tenant, target, events.Writer, logger, token), token)).ToArray();
        _ = Task.WhenAll(watchers).ContinueWith(_ => events.Writer.TryComplete(), TaskScheduler.Default);

        await context.Response.WriteAsync(": stream open\n\n", token).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await events.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // Quiet for a while: a comment keeps proxies from closing the idle connection.
                    await context.Response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (events.Reader.TryRead(out var item))
                {
                    await context.Response.WriteAsync(item, token).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
            }

            await context.Response.WriteAsync("event: end\ndata: {}\n\n", token).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The page went away or the server is stopping; the page's next load starts again.
        }
        finally
        {
            await ending.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task FollowAsync(JobService jobs, string tenant, WorkTarget target, ChannelWriter<string> events, ILogger logger, CancellationToken token)
    {
        var work = DashboardPages.Watch(target);
        var request = target.IsBatch ? new WatchRequest { BatchId = target.Id } : new WatchRequest { JobId = target.Id };
        try
        {
            await jobs.WatchAsync(tenant, request, item => events.WriteAsync(Format(work, item), token).AsTask(), token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is JobNotFoundException or InvalidInputException)
        {
            // Another tenant's id is "not found" like an id that never existed; the message names no input.
            await events.WriteAsync(Message("missing", new DashboardEvent(work, Kind: "missing", Message: "not found")), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store failed under the stream: the page hears that this target stopped, the log why.
            var errorId = Guid.NewGuid().ToString("N")[..12];
            Log.UnhandledError(logger, exception, "dashboard event stream", errorId);
            await events.WriteAsync(Message("missing", new DashboardEvent(work, Kind: "failed", Message: $"the live view stopped (error id {errorId}); reload the page")), token).ConfigureAwait(false);
        }
    }

    private static string Format(string work, JobEvent item)
    {
        if (item.KindCase == JobEvent.KindOneofCase.BatchCompleted)
        {
            return Message("batch", new DashboardEvent(work, Kind: "completed", Batch: item.BatchId));
        }

        var (state, kind) = item.KindCase switch
        {
            JobEvent.KindOneofCase.Queued => (JobState.Queued, "queued"),
            JobEvent.KindOneofCase.Requeued => (JobState.Queued, "requeued"),
            JobEvent.KindOneofCase.Started => (JobState.Running, "started"),
            JobEvent.KindOneofCase.Progress => (JobState.Running, "progress"),
            JobEvent.KindOneofCase.PartialSummary => (JobState.Running, "summary"),
            JobEvent.KindOneofCase.Diagnostics => (JobState.Running, "diagnostics"),
            JobEvent.KindOneofCase.Result => (JobState.Succeeded, "result"),
            JobEvent.KindOneofCase.Failed => (JobState.Failed, "failed"),
            JobEvent.KindOneofCase.Cancelled => (JobState.Cancelled, "cancelled"),
            _ => (JobState.Unspecified, "other"),
        };
        var message = item.KindCase switch
        {
            JobEvent.KindOneofCase.Queued => "waiting for a worker",
            JobEvent.KindOneofCase.Requeued => "back in the queue: " + item.Requeued.Reason,
            JobEvent.KindOneofCase.Started => "started",
            JobEvent.KindOneofCase.Progress => item.Progress.Message,
            JobEvent.KindOneofCase.PartialSummary => Summary(item.PartialSummary),
            JobEvent.KindOneofCase.Result => "done",
            JobEvent.KindOneofCase.Failed => item.Failed.Message,
            JobEvent.KindOneofCase.Cancelled => "cancelled",
            _ => null,
        };
        double? fraction = item.KindCase switch
        {
            JobEvent.KindOneofCase.Progress => item.Progress.Fraction,
            JobEvent.KindOneofCase.Result => 1,
            JobEvent.KindOneofCase.Queued or JobEvent.KindOneofCase.Requeued or JobEvent.KindOneofCase.Started => 0,
            _ => null,
        };
        int? attempt = item.KindCase switch
        {
            JobEvent.KindOneofCase.Started => item.Started.Attempt,
            _ => null,
        };
        return Message("job", new DashboardEvent(
            work,
            kind,
            item.JobId,
            item.BatchId.Length > 0 ? item.BatchId : null,
            state == JobState.Unspecified ? null : DashboardPages.StateName(state),
            fraction,
            message is null ? null : Shorten(message),
            attempt));
    }

    private static string Summary(JobEvent.Types.PartialSummary summary) =>
        string.Join(", ", summary.Parameters.Take(2).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Mean:0.###}")))
        + string.Create(CultureInfo.InvariantCulture, $" after {summary.Draws:N0} draws");

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private static string Message(string name, DashboardEvent payload) => $"event: {name}\ndata: {JsonSerializer.Serialize(payload, Json)}\n\n";

    /// <summary>What a page learns from one event.</summary>
    /// <param name="Work">The watched target the event belongs to (<c>b:ID</c> or <c>j:ID</c>).</param>
    /// <param name="Kind">What happened.</param>
    /// <param name="Job">The job it happened to.</param>
    /// <param name="Batch">The job's batch.</param>
    /// <param name="State">The job's state after it.</param>
    /// <param name="Fraction">The job's progress, 0 to 1, when the event tells it.</param>
    /// <param name="Message">A line for the page.</param>
    /// <param name="Attempt">The attempt that started.</param>
    private sealed record DashboardEvent(string Work, string Kind, string? Job = null, string? Batch = null, string? State = null, double? Fraction = null, string? Message = null, int? Attempt = null);
}
