using MetaAnalysis.Cli.Remote;
using MetaAnalysis.Contracts.V1;
using Spectre.Console.Testing;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>The events of a watch as lines (scripts, logs): named by model, progress by tenths, partial summaries, diagnostics and outcomes.</summary>
public sealed class EventDisplayTests : IDisposable
{
    private readonly TestConsole console = new();

    public EventDisplayTests() => console.Profile.Width = 250;

    [Fact]
    public async Task Show_EventsOfTwoJobs_WritesOneLinePerEventNamedByModel()
    {
        var display = new EventDisplay(console, new Dictionary<string, string> { ["job_a"] = "Bayes RE", ["job_b"] = "three-level" });
        JobEvent[] events =
        [
            new() { Sequence = 3, JobId = "job_a", Started = new JobEvent.Types.Started { Attempt = 1, Worker = "w1" } },
            new() { Sequence = 4, JobId = "job_a", PartialSummary = Summary(400, ("mu", 0.3121, 0.0512), ("tau", 0.1, 0.05)) },
            new() { Sequence = 5, JobId = "job_a", Diagnostics = new FitDiagnostics { MaxRhat = 1.004, MinEssBulk = 812, Divergences = 0 } },
            new() { Sequence = 6, JobId = "job_b", Failed = new JobFailure { Kind = "invalid_input", Message = "needs clusters", Field = "spec.data.clusters" } },
            new() { Sequence = 7, JobId = "job_a", Result = new FitResult { Parameters = { new PosteriorParameter { Name = "mu", Mean = 0.31, Lower = 0.2, Upper = 0.42 } } } },
            new() { Sequence = 8, BatchId = "batch_1", BatchCompleted = new JobEvent.Types.BatchCompleted() },
        ];

        await display.ShowAsync(events.ToAsyncEnumerable(), 2);

        var lines = console.Lines.Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(
            [
                "Bayes RE: started (attempt 1 on w1)",
                "Bayes RE: 400 draws: mu 0.312 (sd 0.051), tau 0.100 (sd 0.050)",
                "Bayes RE: diagnostics: max R-hat 1.004, min ESS 812, 0 divergences",
                "three-level: failed: needs clusters (spec.data.clusters)",
                "Bayes RE: done: mu 0.310 [0.200, 0.420]",
                "batch batch_1: every job of the batch has ended",
            ],
            lines);
        Assert.Equal(8, display.LastSequence);
    }

    [Fact]
    public async Task Show_ManyProgressReports_WritesOneLinePerTenth()
    {
        var display = new EventDisplay(console, new Dictionary<string, string> { ["job_a"] = "NUTS" });
        var events = Enumerable.Range(1, 50).Select(i => new JobEvent { Sequence = i, JobId = "job_a", Progress = new JobEvent.Types.Progress { Fraction = i / 50.0 } });

        await display.ShowAsync(events.ToAsyncEnumerable(), 0);

        Assert.Equal(["NUTS: 2%", "NUTS: 10%", "NUTS: 20%", "NUTS: 30%", "NUTS: 40%", "NUTS: 50%", "NUTS: 60%", "NUTS: 70%", "NUTS: 80%", "NUTS: 90%", "NUTS: 100%"], console.Lines.Select(l => l.TrimEnd()));
    }

    [Fact]
    public async Task Show_JobNotNamed_UsesItsId()
    {
        var display = new EventDisplay(console, new Dictionary<string, string>());

        await display.ShowAsync(new[] { new JobEvent { Sequence = 1, JobId = "job_z", Cancelled = new JobEvent.Types.Cancelled() } }.ToAsyncEnumerable(), 0);

        Assert.Equal("job_z: cancelled", console.Lines[0].TrimEnd());
    }

    public void Dispose() => console.Dispose();

    private static JobEvent.Types.PartialSummary Summary(long draws, params (string Name, double Mean, double Sd)[] parameters)
    {
        var summary = new JobEvent.Types.PartialSummary { Draws = draws };
        summary.Parameters.AddRange(parameters.Select(p => new PosteriorParameter { Name = p.Name, Mean = p.Mean, Sd = p.Sd }));
        return summary;
    }
}
