using System.Globalization;
using MetaAnalysis.Reports.Tables;
using MetaAnalysis.Contracts.V1;
using Spectre.Console;
using static MetaAnalysis.Reports.Tables.NumberFormat;

namespace MetaAnalysis.Cli.Remote;

/// <summary>
/// Shows the events of a job or batch as they arrive: one progress bar per job on an interactive terminal
/// (its label carries the latest partial summary, diagnostics or outcome), one line per event otherwise.
/// </summary>
/// <param name="console">Where to show them.</param>
/// <param name="names">The model name of every job id.</param>
public sealed class EventDisplay(IAnsiConsole console, IReadOnlyDictionary<string, string> names)
{
    private const int LabelLength = 70;
    private readonly Dictionary<string, int> printedTenths = new(StringComparer.Ordinal);

    /// <summary>The sequence number of the last event shown (where a resumed watch starts).</summary>
    public long LastSequence { get; private set; }

    /// <summary>Shows <paramref name="events"/> until the stream ends; <paramref name="afterSequence"/> is where it started.</summary>
    public async Task ShowAsync(IAsyncEnumerable<JobEvent> events, long afterSequence)
    {
        ArgumentNullException.ThrowIfNull(events);
        LastSequence = afterSequence;
        if (!console.Profile.Capabilities.Interactive)
        {
            await foreach (var item in events.ConfigureAwait(false))
            {
                WriteLine(item);
                LastSequence = item.Sequence;
            }

            return;
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bars = names.ToDictionary(n => n.Key, n => context.AddTask(Markup.Escape(n.Value), maxValue: 1), StringComparer.Ordinal);
                await foreach (var item in events.ConfigureAwait(false))
                {
                    Update(context, bars, item);
                    LastSequence = item.Sequence;
                }
            }).ConfigureAwait(false);
    }

    /// <summary>What an event says, in a few words (without the model's name).</summary>
    public static string Describe(JobEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.KindCase switch
        {
            JobEvent.KindOneofCase.Queued => "queued",
            JobEvent.KindOneofCase.Started => string.Create(CultureInfo.InvariantCulture, $"started (attempt {item.Started.Attempt} on {item.Started.Worker})"),
            JobEvent.KindOneofCase.Progress => $"{Percent(item.Progress.Fraction)}{(item.Progress.Message.Length > 0 ? " " + item.Progress.Message : string.Empty)}",
            JobEvent.KindOneofCase.PartialSummary => PartialSummary(item.PartialSummary),
            JobEvent.KindOneofCase.Diagnostics => DescribeDiagnostics(item.Diagnostics),
            JobEvent.KindOneofCase.Result => "done: " + ResultTables.Headline(item.Result),
            JobEvent.KindOneofCase.Failed => "failed: " + ResultTables.Failure(item.Failed),
            JobEvent.KindOneofCase.Cancelled => "cancelled",
            JobEvent.KindOneofCase.Requeued => string.Create(CultureInfo.InvariantCulture, $"requeued after attempt {item.Requeued.Attempt}: {item.Requeued.Reason}"),
            JobEvent.KindOneofCase.BatchCompleted => "every job of the batch has ended",
            _ => "unknown event",
        };
    }

    private void WriteLine(JobEvent item)
    {
        if (item.KindCase == JobEvent.KindOneofCase.Progress && !NextTenth(item.JobId, item.Progress.Fraction))
        {
            return;
        }

        var who = item.KindCase == JobEvent.KindOneofCase.BatchCompleted ? $"batch {item.BatchId}" : Name(item.JobId);
        var text = Markup.Escape(Describe(item));
        var colour = Colour(item.KindCase);
        console.MarkupLine($"[bold]{Markup.Escape(who)}[/]: {(colour is null ? text : $"[{colour}]{text}[/]")}");
    }

    private void Update(ProgressContext context, Dictionary<string, ProgressTask> bars, JobEvent item)
    {
        if (item.KindCase == JobEvent.KindOneofCase.BatchCompleted)
        {
            return;
        }

        if (!bars.TryGetValue(item.JobId, out var bar))
        {
            bar = context.AddTask(Markup.Escape(Name(item.JobId)), maxValue: 1);
            bars[item.JobId] = bar;
        }

        switch (item.KindCase)
        {
            case JobEvent.KindOneofCase.Progress:
                bar.Value = Math.Clamp(item.Progress.Fraction, 0, 1);
                break;
            case JobEvent.KindOneofCase.Result or JobEvent.KindOneofCase.Failed or JobEvent.KindOneofCase.Cancelled:
                bar.Value = 1;
                break;
            case JobEvent.KindOneofCase.Requeued:
                bar.Value = 0;
                break;
        }

        // The bar's label stays short; the failure's message follows in the batch's table.
        var status = item.KindCase == JobEvent.KindOneofCase.Failed ? $"failed: {item.Failed.Kind}" : Describe(item);
        status = status.Length > LabelLength ? string.Concat(status.AsSpan(0, LabelLength - 1), "…") : status;
        var colour = Colour(item.KindCase) ?? "grey";
        bar.Description = $"{Markup.Escape(Name(item.JobId))} [{colour}]{Markup.Escape(status)}[/]";
    }

    private string Name(string jobId) => names.TryGetValue(jobId, out var name) && name.Length > 0 ? name : jobId;

    /// <summary>Whether the fraction reached a tenth not printed yet for this job (keeps logs short).</summary>
    private bool NextTenth(string jobId, double fraction)
    {
        var tenth = (int)Math.Floor(Math.Clamp(fraction, 0, 1) * 10);
        if (printedTenths.TryGetValue(jobId, out var printed) && tenth <= printed)
        {
            return false;
        }

        printedTenths[jobId] = tenth;
        return true;
    }

    private static string? Colour(JobEvent.KindOneofCase kind) => kind switch
    {
        JobEvent.KindOneofCase.Result => "green",
        JobEvent.KindOneofCase.Failed => "red",
        JobEvent.KindOneofCase.Cancelled or JobEvent.KindOneofCase.Requeued => "yellow",
        _ => null,
    };

    private static string Percent(double fraction) => (Math.Clamp(fraction, 0, 1) * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    private static string PartialSummary(JobEvent.Types.PartialSummary summary) =>
        string.Create(CultureInfo.InvariantCulture, $"{summary.Draws} draws: ")
        + string.Join(", ", summary.Parameters.Take(3).Select(p => $"{p.Name} {Fixed(p.Mean)} (sd {Fixed(p.Sd)})"));

    private static string DescribeDiagnostics(FitDiagnostics diagnostics)
    {
        var parts = new List<string>();
        if (diagnostics.HasMaxRhat)
        {
            parts.Add($"max R-hat {Fixed(diagnostics.MaxRhat)}");
        }

        if (diagnostics.HasMinEssBulk)
        {
            parts.Add($"min ESS {Whole(diagnostics.MinEssBulk)}");
        }

        if (diagnostics.HasDivergences)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{diagnostics.Divergences} divergences"));
        }

        if (diagnostics.HasIntegrationError)
        {
            parts.Add($"integration error {diagnostics.IntegrationError.ToString("G2", CultureInfo.InvariantCulture)}");
        }

        parts.AddRange(diagnostics.Notes);
        return "diagnostics: " + (parts.Count > 0 ? string.Join(", ", parts) : "none reported");
    }
}
