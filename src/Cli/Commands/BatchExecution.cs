using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Reports.Plots;
using MetaAnalysis.Reports.Html;
using MetaAnalysis.Cli.Documents;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Core.Validation;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>What a batch command writes.</summary>
/// <param name="Json">Write the results as JSON to standard output instead of tables.</param>
/// <param name="ReportPath">Where to write the HTML report; null for none.</param>
/// <param name="PlotsFolder">Where to write the figures; null for none.</param>
/// <param name="PlotFormats">Formats of the figure files.</param>
/// <param name="ModelTables">Print every model's tables (fit) rather than one overview line per model (compare, report).</param>
public sealed record BatchOutput(bool Json, string? ReportPath, string? PlotsFolder, FigureFormat PlotFormats, bool ModelTables);

/// <summary>
/// The common path of <c>fit</c>, <c>compare</c>, <c>report</c> and <c>analyze</c>: read the inputs, run the
/// batch with progress bars, write tables or JSON, figures and the report, and turn every failure into a
/// message and an exit code (<see cref="ExitCodes"/>).
/// </summary>
public static class BatchExecution
{
    /// <summary>Runs a batch whose plan and table come from <paramref name="load"/>.</summary>
    public static int Run(string command, Func<(AnalysisPlan Plan, StudyTable Table)> load, BatchOutput output, CommandStreams streams, string commandLine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(streams);
        AnalysisDocument document;
        try
        {
            var (plan, table) = load();
            document = ProgressDisplay.Run(streams.Console, !output.Json, observe => LocalRun.Run(plan, table, observe, commandLine, (id, ex) => CommandFailures.ReportModelDefect(command, id, ex, streams), cancellationToken));
        }
#pragma warning disable CA1031 // Every failure becomes a message and an exit code, in one place.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CommandFailures.Report(command, ex, streams);
        }

        return Write(command, document, output, streams);
    }

    /// <summary>
    /// Writes <paramref name="document"/> — tables or JSON, figure files, the report — whether it was computed
    /// here or fetched from the service; returns the exit code (1 when a model has no result).
    /// </summary>
    public static int Write(string command, AnalysisDocument document, BatchOutput output, CommandStreams streams)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(streams);
        IReadOnlyList<string> written;
        try
        {
            written = WriteFiles(document, output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            streams.Error.WriteLine($"{command}: cannot write output: {ex.Message}");
            return ExitCodes.OutputFailed;
        }

        if (output.Json)
        {
            var json = DocumentJson.Write(document);
            json["run"]!["report"] = output.ReportPath is null ? null : Path.GetFullPath(output.ReportPath);
            json["run"]!["files"] = new JsonArray(written.Select(f => (JsonNode)f).ToArray());
            streams.Output.WriteLine(json.ToJsonString(JsonOutput.Options));
        }
        else
        {
            ConsoleTables.WriteDocument(streams.Console, document, output.ModelTables);
            foreach (var file in written)
            {
                streams.Console.MarkupLine($"wrote [link]{Markup.Escape(file)}[/]");
            }
        }

        return document.Models.All(m => m.Result is not null) ? ExitCodes.Success : ExitCodes.PartlyFailed;
    }

    /// <summary>Writes the HTML report of <paramref name="document"/> to <paramref name="path"/>; returns the exit code.</summary>
    public static int WriteReport(string command, AnalysisDocument document, string path, CommandStreams streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        try
        {
            var written = WriteFiles(document, new BatchOutput(Json: false, path, PlotsFolder: null, FigureFormat.Png, ModelTables: false));
            streams.Console.MarkupLine($"wrote [link]{Markup.Escape(written[0])}[/]");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            streams.Error.WriteLine($"{command}: cannot write output: {ex.Message}");
            return ExitCodes.OutputFailed;
        }
    }

    /// <summary>Reads a plan file and its data (or <paramref name="dataOverride"/>).</summary>
    public static (AnalysisPlan Plan, StudyTable Table) LoadPlanFile(FileInfo planFile, FileInfo? dataOverride)
    {
        ArgumentNullException.ThrowIfNull(planFile);
        var plan = PlanReader.Load(planFile.FullName);
        var dataPath = dataOverride?.FullName ?? plan.DataPath
            ?? throw new InvalidInputException("data.file", "the plan names no data file; give one with --data");
        return (plan, StudyTable.Load(dataPath));
    }

    private static List<string> WriteFiles(AnalysisDocument document, BatchOutput output)
    {
        var written = new List<string>();
        if (output.ReportPath is null && output.PlotsFolder is null)
        {
            return written;
        }

        var figures = DocumentFigures.Create(document);
        if (output.PlotsFolder is { } folder)
        {
            written.AddRange(FigureFiles.Write(figures, folder, output.PlotFormats));
        }

        if (output.ReportPath is { } report)
        {
            var full = Path.GetFullPath(report);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, HtmlReport.Render(document, figures));
            written.Add(full);
        }

        return written;
    }
}
