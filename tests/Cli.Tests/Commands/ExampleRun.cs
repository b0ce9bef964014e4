using System.Text.Json;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Reports.Plots;
using Spectre.Console.Testing;

namespace MetaAnalysis.Cli.Tests.Commands;

/// <summary>
/// One run of <c>analyze --json --out report.html --plots figures</c> on the embedded example, shared by
/// the tests that check its numbers, its report and its figures (the run takes a few seconds).
/// </summary>
public sealed class ExampleRun : IDisposable
{
    public ExampleRun()
    {
        Folder = Directory.CreateTempSubdirectory("analyze-");
        var output = new StringWriter();
        Error = new StringWriter();
        var report = Path.Combine(Folder.FullName, "report.html");
        var figures = Path.Combine(Folder.FullName, "figures");
        ExitCode = AnalyzeCommand.Run(null, null, new BatchOutput(true, report, figures, FigureFormat.Png | FigureFormat.Svg, false), new CommandStreams(new TestConsole(), output, Error));
        Json = JsonDocument.Parse(output.ToString());
        Html = File.ReadAllText(report);
        Pngs = Directory.GetFiles(figures, "*.png").Order(StringComparer.Ordinal).ToArray();
        Svgs = Directory.GetFiles(figures, "*.svg").Order(StringComparer.Ordinal).ToArray();
    }

    public DirectoryInfo Folder { get; }

    public int ExitCode { get; }

    public StringWriter Error { get; }

    public JsonDocument Json { get; }

    public string Html { get; }

    public IReadOnlyList<string> Pngs { get; }

    public IReadOnlyList<string> Svgs { get; }

    /// <summary>The result (the contract's FitResult as JSON) of the model called <paramref name="name"/>.</summary>
    public JsonElement Model(string name) =>
        Json.RootElement.GetProperty("models").EnumerateArray().First(m => m.GetProperty("name").GetString() == name).GetProperty("result");

    /// <summary>The frequentist coefficient <paramref name="coefficient"/> of model <paramref name="name"/>.</summary>
    public JsonElement Coefficient(string name, string coefficient) =>
        Model(name).GetProperty("coefficients").EnumerateArray().First(c => c.GetProperty("name").GetString() == coefficient);

    /// <summary>The posterior summary <paramref name="parameter"/> of model <paramref name="name"/>.</summary>
    public JsonElement Parameter(string name, string parameter) =>
        Model(name).GetProperty("parameters").EnumerateArray().First(c => c.GetProperty("name").GetString() == parameter);

    public void Dispose()
    {
        Json.Dispose();
        Error.Dispose();
        Folder.Delete(recursive: true);
    }
}
