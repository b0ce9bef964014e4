using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Contracts.V1;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>Progress bars for a batch on an interactive terminal; nothing when output is redirected (scripts, --json).</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing one bar per model it observes (null when no bars are shown).</summary>
    public static T Run<T>(IAnsiConsole console, bool show, Func<Func<string, IFitObserver>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!show || !console.Profile.Capabilities.Interactive)
        {
            return work(null);
        }

        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var bars = new Bars(context);
                return work(name => new Bar(bars, name));
            });
    }

    /// <summary>Creates a bar the first time a model reports and moves it on every report (chains report from their own threads).</summary>
    private sealed class Bars(ProgressContext context)
    {
        private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
        private readonly Lock gate = new();

        public void Report(string name, double fraction)
        {
            lock (gate)
            {
                if (!tasks.TryGetValue(name, out var task))
                {
                    task = context.AddTask(Markup.Escape(name), maxValue: 1);
                    tasks[name] = task;
                }

                task.Value = Math.Clamp(fraction, 0, 1);
            }
        }
    }

    /// <summary>One model's fit, as its bar sees it.</summary>
    private sealed class Bar(Bars bars, string name) : IFitObserver
    {
        public void Progress(double fraction, string message) => bars.Report(name, fraction);

        public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws)
        {
        }

        public void Diagnostics(FitDiagnostics diagnostics)
        {
        }
    }
}
