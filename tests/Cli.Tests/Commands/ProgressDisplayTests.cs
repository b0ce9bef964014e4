using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Reports.Plots;
using Spectre.Console.Testing;

namespace MetaAnalysis.Cli.Tests.Commands;

/// <summary>The progress bars of a local run on a terminal.</summary>
public sealed class ProgressDisplayTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("progress-");

    [Fact]
    public void Run_OnATerminal_BarsOnlyForWorkThatRunsAndNutsCountsDivergences()
    {
        File.WriteAllText(Path.Combine(folder.FullName, "studies.csv"), "study,yi,vi\nA,0.30,0.040\nB,0.55,0.030\nC,-0.05,0.060\nD,0.25,0.020\nE,0.15,0.035\n");
        var plan = Path.Combine(folder.FullName, "plan.yaml");
        File.WriteAllText(plan, """
            data: { file: studies.csv }
            models:
              - name: instant frequentist fit
              - name: sampled model
                engine: nuts
                priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }
                sampler: { chains: 2, warmup: 300, iterations: 300 }
            """);
        using var console = new TestConsole().Interactive().EmitAnsiSequences();
        console.Profile.Width = 160;

        var exit = BatchExecution.Run("compare", () => BatchExecution.LoadPlanFile(new FileInfo(plan), null), new BatchOutput(false, null, null, FigureFormat.None, false), new CommandStreams(console, TextWriter.Null, TextWriter.Null), "compare");

        Assert.Equal(ExitCodes.Success, exit);
        var bars = console.Output.Split('\n').Where(l => l.Contains('━', StringComparison.Ordinal)).ToArray();
        Assert.Contains(bars, l => l.Contains("sampled model", StringComparison.Ordinal) && l.Contains("divergent", StringComparison.Ordinal));
        Assert.DoesNotContain(bars, l => l.Contains("instant frequentist fit", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OutputNotATerminal_NoBars()
    {
        using var console = new TestConsole();

        var observed = ProgressDisplay.Run(console, show: true, observe => observe);

        Assert.Null(observed);
    }

    [Theory]
    [InlineData(10, 0.25, 30)]
    [InlineData(90, 0.5, 90)]
    [InlineData(4000, 0.5, 4000)]
    public void TimeLeft_AtThePaceSoFar(double elapsedSeconds, double fraction, double leftSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(leftSeconds), ProgressDisplay.TimeLeft(TimeSpan.FromSeconds(elapsedSeconds), fraction));

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(10, 0.001)]
    public void TimeLeft_NoPaceYet_IsUnknown(double elapsedSeconds, double fraction) =>
        Assert.Null(ProgressDisplay.TimeLeft(TimeSpan.FromSeconds(elapsedSeconds), fraction));

    [Theory]
    [InlineData(65, "~1:05 left")]
    [InlineData(3725, "~1:02:05 left")]
    public void FormatTimeLeft_MinutesAndHours(double seconds, string expected) =>
        Assert.Equal(expected, ProgressDisplay.FormatTimeLeft(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(null, "sampled [grey]sampling[/]")]
    [InlineData(0, "sampled [grey]sampling[/] [grey]0 divergent[/]")]
    [InlineData(3, "sampled [grey]sampling[/] [yellow]3 divergent[/]")]
    public void Describe_CountsDivergencesOnceThereAreAny(int? divergences, string expected) =>
        Assert.Equal(expected, ProgressDisplay.Describe("sampled", "sampling", divergences));

    public void Dispose() => folder.Delete(recursive: true);
}
