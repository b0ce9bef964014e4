using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MetaAnalysis.Cli.Analysis;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Validation;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>analyze</c>: the example rTMS analysis, on the embedded data set unless <c>--data</c> names another file with its columns.</summary>
public static class AnalyzeCommand
{
    /// <summary>Exit code of a completed analysis.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the data cannot be read or used.</summary>
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<FileInfo?>("--data") { Description = "CSV with the example's columns (default: the embedded rTMS data set)" };
        var correlation = new Option<double>("--r")
        {
            Description = "Pre/post correlation imputed where a study did not report one",
            DefaultValueFactory = _ => RtmsExample.DefaultImputedCorrelation,
        };
        var json = new Option<bool>("--json") { Description = "Write the results as JSON instead of tables" };
        var command = new Command("analyze", "Run the example rTMS meta-analysis (effect sizes, random effects, subgroups, three-level, dose, publication bias, sensitivity)")
        {
            data, correlation, json,
        };
        command.SetAction(parse => Run(parse.GetValue(data), parse.GetValue(correlation), parse.GetValue(json), AnsiConsole.Console, Console.Out));
        return command;
    }

    /// <summary>Runs the analysis and writes tables to <paramref name="console"/> or JSON to <paramref name="jsonOutput"/>.</summary>
    public static int Run(FileInfo? data, double imputedCorrelation, bool json, IAnsiConsole console, TextWriter jsonOutput)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(jsonOutput);
        RtmsAnalysisResult result;
        try
        {
            var table = data is null ? RtmsExample.EmbeddedTable() : StudyTable.Load(data.FullName);
            result = RtmsAnalysis.Run(table, imputedCorrelation);
        }
        catch (Exception ex) when (ex is StudyTableException or InvalidInputException or IOException)
        {
            Console.Error.WriteLine($"analyze: {ex.Message}");
            return BadInput;
        }

        if (json)
        {
            jsonOutput.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
        }
        else
        {
            Render(result, console);
        }

        return Success;
    }

    private static void Render(RtmsAnalysisResult r, IAnsiConsole console)
    {
        console.Write(new Rule("[bold]rTMS and brain glutamate/GABA: standardized mean change (SMCC)[/]").LeftJustified());
        console.MarkupLine(Invariant($"{r.K} effects in {r.Studies} studies; pre/post correlation imputed as {r.ImputedCorrelation} for {r.ImputedCorrelations} effects."));

        var pooled = EstimateTable("Pooled estimates");
        AddRow(pooled, r.RandomEffects);
        AddRow(pooled, r.ThreeLevel);
        AddRow(pooled, r.DoseSlopePer10000Pulses);
        console.Write(pooled);
        console.MarkupLine(Invariant($"Random effects: τ² = {r.Tau2:F4}, I² = {r.I2:F1}%, 95% prediction interval [{r.PredictionLower:F3}, {r.PredictionUpper:F3}]."));
        console.MarkupLine(Invariant($"Three-level: σ² between studies = {r.Sigma2Between:F4}, within studies = {r.Sigma2Within:F4}."));

        foreach (var subgroup in r.Subgroups)
        {
            var table = EstimateTable(Invariant($"By {subgroup.Moderator}: Q = {subgroup.Q:F2}, df = {subgroup.DegreesOfFreedom}, p = {subgroup.PValue:F4}"));
            foreach (var level in subgroup.Levels)
            {
                AddRow(table, level);
            }

            console.Write(table);
        }

        console.Write(new Rule("Publication bias").LeftJustified());
        console.MarkupLine(Invariant($"Egger (mixed-effects, sei): z = {r.Egger.Statistic:F3}, p = {r.Egger.PValue:F4}, limit estimate {r.Egger.LimitEstimate:F3}"));
        console.MarkupLine(Invariant($"Begg rank correlation: Kendall's τ = {r.Begg.KendallTau:F3}, p = {r.Begg.PValue:F4}"));
        console.MarkupLine(Invariant($"Trim-and-fill (L0): {r.TrimFillMissing} missing on the {r.TrimFillSide}; adjusted {r.TrimFillAdjusted.Estimate:F3} [{r.TrimFillAdjusted.CiLower:F3}, {r.TrimFillAdjusted.CiUpper:F3}]"));
        console.MarkupLine(Invariant($"Three-level trim-and-fill: {r.ThreeLevelTrimFillMissing} missing; adjusted {r.ThreeLevelTrimFillAdjusted.Estimate:F3} [{r.ThreeLevelTrimFillAdjusted.CiLower:F3}, {r.ThreeLevelTrimFillAdjusted.CiUpper:F3}]"));

        var sensitivity = new Table().Title("Sensitivity to the assumed pre/post correlation").AddColumns("r", "random effects", "95% CI", "three-level", "95% CI");
        foreach (var row in r.Sensitivity)
        {
            sensitivity.AddRow(
                Invariant($"{row.AssumedCorrelation:F1}"),
                Invariant($"{row.RandomEffects.Estimate:F3}"),
                Invariant($"[{row.RandomEffects.CiLower:F3}, {row.RandomEffects.CiUpper:F3}]"),
                Invariant($"{row.ThreeLevel.Estimate:F3}"),
                Invariant($"[{row.ThreeLevel.CiLower:F3}, {row.ThreeLevel.CiUpper:F3}]"));
        }

        console.Write(sensitivity);
    }

    private static Table EstimateTable(string title) =>
        new Table().Title(Markup.Escape(title)).AddColumns("", "k", "estimate", "SE", "95% CI", "p");

    private static void AddRow(Table table, PooledEstimate e) => table.AddRow(
        Markup.Escape(e.Label),
        e.K.ToString(CultureInfo.InvariantCulture),
        Invariant($"{e.Estimate:F3}"),
        Invariant($"{e.StandardError:F3}"),
        Invariant($"[{e.CiLower:F3}, {e.CiUpper:F3}]"),
        Invariant($"{e.PValue:F4}"));

    private static string Invariant(FormattableString text) => Markup.Escape(text.ToString(CultureInfo.InvariantCulture));
}
