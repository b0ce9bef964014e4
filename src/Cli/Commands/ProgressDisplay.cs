using System.Globalization;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// Progress bars for a batch on a terminal; nothing when the output is a file or a pipe (scripts, --json).
/// A bar is shown only for work that runs long enough to report how far it is (NUTS chains, the correlation
/// sweep): a fit that ends at once gets none. Each bar says what the engine is doing, the time left at the
/// pace so far and, for NUTS, the divergent transitions so far.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing one bar per model it observes (null when no bars are shown).</summary>
    public static T Run<T>(IAnsiConsole console, bool show, Func<Func<string, IFitObserver>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!show || !console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            return work(null);
        }

        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new TimeLeftColumn())
            .Start(context =>
            {
                var bars = new Bars(context);
                return work(name => new Bar(bars, name));
            });
    }

    /// <summary>What a bar says: the model, what the engine is doing, and the divergent transitions so far when there are any to count.</summary>
    public static string Describe(string name, string activity, int? divergences)
    {
        var text = Markup.Escape(name);
        if (activity.Length > 0)
        {
            text += $" [grey]{Markup.Escape(activity)}[/]";
        }

        return divergences switch
        {
            null => text,
            0 => $"{text} [grey]0 divergent[/]",
            var n => $"{text} [yellow]{n.Value.ToString(CultureInfo.InvariantCulture)} divergent[/]",
        };
    }

    /// <summary>
    /// The time left when <paramref name="fraction"/> of the work took <paramref name="elapsed"/>, at the same
    /// pace (null until there is a pace to go by: 1% of the work, or a second).
    /// </summary>
    public static TimeSpan? TimeLeft(TimeSpan elapsed, double fraction) =>
        fraction is >= 0.01 and < 1 && elapsed >= TimeSpan.FromSeconds(1)
            ? elapsed * ((1 - fraction) / fraction)
            : fraction >= 1 ? TimeSpan.Zero : null;

    /// <summary>A time left as the bar shows it: "~1:05 left", "~1:02:05 left"; nothing while it is not known.</summary>
    public static string FormatTimeLeft(TimeSpan? left) => left switch
    {
        null => string.Empty,
        { TotalHours: >= 1 } l => string.Create(CultureInfo.InvariantCulture, $"~{(int)l.TotalHours}:{l.Minutes:00}:{l.Seconds:00} left"),
        var l => string.Create(CultureInfo.InvariantCulture, $"~{l.Value.Minutes}:{l.Value.Seconds:00} left"),
    };

    /// <summary>Creates a bar the first time a model reports part of its work done and moves it on every report (chains report from their own threads).</summary>
    private sealed class Bars(ProgressContext context)
    {
        private readonly Dictionary<string, (ProgressTask Task, string Activity, int? Divergences)> bars = new(StringComparer.Ordinal);
        private readonly Lock gate = new();

        public void Progress(string name, double fraction, string activity)
        {
            lock (gate)
            {
                if (!bars.TryGetValue(name, out var bar))
                {
                    if (fraction >= 1)
                    {
                        // Done before it said how far it was: nothing to watch.
                        return;
                    }

                    bar = (context.AddTask(Describe(name, activity, null), maxValue: 1), activity, null);
                }

                bar.Activity = activity;
                bar.Task.Value = Math.Clamp(fraction, 0, 1);
                Update(name, bar);
            }
        }

        public void Divergences(string name, int divergences)
        {
            lock (gate)
            {
                if (bars.TryGetValue(name, out var bar))
                {
                    bar.Divergences = divergences;
                    Update(name, bar);
                }
            }
        }

        private void Update(string name, (ProgressTask Task, string Activity, int? Divergences) bar)
        {
            bar.Task.Description = Describe(name, bar.Activity, bar.Divergences);
            bars[name] = bar;
        }
    }

    /// <summary>One model's fit, as its bar sees it.</summary>
    private sealed class Bar(Bars bars, string name) : IFitObserver
    {
        public void Progress(double fraction, string message) => bars.Progress(name, fraction, message);

        public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws)
        {
        }

        public void Diagnostics(FitDiagnostics diagnostics)
        {
            ArgumentNullException.ThrowIfNull(diagnostics);
            bars.Divergences(name, diagnostics.Divergences);
        }
    }

    /// <summary>The time left at the pace so far (<see cref="TimeLeft"/>).</summary>
    private sealed class TimeLeftColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.IsFinished
                ? new Text(string.Empty)
                : new Text(FormatTimeLeft(TimeLeft(task.ElapsedTime ?? TimeSpan.Zero, task.Value / task.MaxValue)), new Style(Color.Grey));
    }
}
