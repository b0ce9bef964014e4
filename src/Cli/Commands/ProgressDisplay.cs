using MetaAnalysis.Cli.Running;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>Progress bars for a batch on an interactive terminal; nothing when output is redirected (scripts, --json).</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing one bar per task it reports.</summary>
    public static T Run<T>(IAnsiConsole console, bool show, Func<IProgress<BatchProgress>?, T> work)
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
            .Start(context => work(new Bars(context)));
    }

    /// <summary>Creates a bar the first time a task reports and moves it on every report (chains report from their own threads).</summary>
    private sealed class Bars(ProgressContext context) : IProgress<BatchProgress>
    {
        private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
        private readonly Lock gate = new();

        public void Report(BatchProgress value)
        {
            lock (gate)
            {
                if (!tasks.TryGetValue(value.Task, out var task))
                {
                    task = context.AddTask(Markup.Escape(value.Task), maxValue: 1);
                    tasks[value.Task] = task;
                }

                task.Value = Math.Clamp(value.Fraction, 0, 1);
            }
        }
    }
}
