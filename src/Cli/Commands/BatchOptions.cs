using System.CommandLine;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Reports.Plots;

namespace MetaAnalysis.Cli.Commands;

/// <summary>The options every batch command shares: --data, --imputed-correlation, --json, --out, --plots, --format.</summary>
/// <param name="oldCorrelationName">An older name the command had for --imputed-correlation, kept as a hidden alias; null for none.</param>
public sealed class BatchOptions(string? oldCorrelationName = null)
{
    /// <summary>A table that replaces the plan's data file.</summary>
    public Option<FileInfo?> Data { get; } = new("--data") { Description = "CSV or JSON table of studies (metafor's column names); replaces the plan's data.file" };

    /// <summary>The correlation imputed where a study reports none.</summary>
    public ImputedCorrelationOption Correlation { get; } = new(oldCorrelationName);

    /// <summary>JSON instead of tables.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Write the results as JSON to standard output (for scripts) instead of tables" };

    /// <summary>The HTML report's path.</summary>
    public Option<FileInfo?> Out { get; } = new("--out") { Description = "Write the self-contained HTML report to this file" };

    /// <summary>A folder for figure files.</summary>
    public Option<DirectoryInfo?> Plots { get; } = new("--plots") { Description = "Write every figure to this folder" };

    /// <summary>Figure formats.</summary>
    public Option<string> Format { get; } = new("--format")
    {
        Description = "Figure file format: png, svg or both",
        DefaultValueFactory = _ => "png",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Format.AcceptOnlyFromAmong("png", "svg", "both");
        command.Options.Add(Data);
        Correlation.AddTo(command);
        command.Options.Add(Json);
        command.Options.Add(Out);
        command.Options.Add(Plots);
        command.Options.Add(Format);
    }

    /// <summary>Reads <paramref name="planFile"/> and its data (or --data), with --imputed-correlation applied.</summary>
    public (AnalysisPlan Plan, StudyTable Table) LoadPlanFile(ParseResult parse, FileInfo planFile)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var correlation = Correlation.Value(parse);
        var (plan, table) = BatchExecution.LoadPlanFile(planFile, parse.GetValue(Data));
        return (ImputedCorrelationOption.Apply(plan, correlation), table);
    }

    /// <summary>The options given that only a plan run locally uses (for work on the server they are an error).</summary>
    public IEnumerable<string> LocalOnlyGiven(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Option[] local = Correlation.OldName is { } old ? [Data, Correlation.Option, old] : [Data, Correlation.Option];
        return local.Where(o => parse.GetResult(o) is not null).Select(o => o.Name);
    }

    /// <summary>The output settings of a parsed command line; <paramref name="defaultReport"/> is used when --out is absent.</summary>
    public BatchOutput Output(ParseResult parse, string? defaultReport, bool modelTables)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var formats = parse.GetValue(Format) switch
        {
            "svg" => FigureFormat.Svg,
            "both" => FigureFormat.Png | FigureFormat.Svg,
            _ => FigureFormat.Png,
        };
        return new BatchOutput(parse.GetValue(Json), parse.GetValue(Out)?.FullName ?? defaultReport, parse.GetValue(Plots)?.FullName, formats, modelTables);
    }

    /// <summary>The command line as typed, for the report's record of how it was made.</summary>
    public static string CommandLine(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return "metaanalysis " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value));
    }
}
