using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MetaAnalysis.Reports.Plots;
using MetaAnalysis.Reports.Tables;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Reports.Html;

/// <summary>
/// One self-contained HTML file for a batch: the data, every model's summaries and diagnostics with its
/// figures, the comparison table, the publication-bias checks, the sensitivity sweep, and the exact inputs
/// (plan and data file, with checksums, for a local run; the server and batch for a remote one) and versions
/// used, so the analysis can be rerun. Figures are SVG
/// embedded as data URIs, so the file needs nothing else to display.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.4; }
        h1 { border-bottom: 2px solid #1f4e79; } h2 { color: #1f4e79; margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; display: block; overflow-x: auto; max-width: 100%; }
        caption { text-align: left; font-weight: 600; padding: 0.3em 0; }
        th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        td.text, th.text { text-align: left; white-space: normal; min-width: 18em; }
        th { background: #f3f6fa; } .model { border-left: 4px solid #1f4e79; padding-left: 1em; margin: 2em 0; }
        .warning, .omitted { color: #a94400; } .failure { color: #b00020; } figure { margin: 1em 0; } figcaption { font-size: 0.85em; color: #555; }
        img { max-width: 100%; height: auto; } pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
        .note { font-size: 0.9em; color: #444; } .priors { color: #444; }
        .summary { background: #f4f7fb; border-left: 3px solid #7aa0c4; padding: 0.5em 0.8em; }
        body { padding: 0 1em; } figure { overflow-x: auto; }
        @media (max-width: 700px) {
          body { margin: 0.5em auto; padding: 0 0.5em; } h1 { font-size: 1.4em; } .model { padding-left: 0.5em; }
          figure img { max-width: none; width: 680px; } table { font-size: 0.8em; }
        }
        """;

    /// <summary>Writes the report of <paramref name="document"/> with <paramref name="figures"/> as HTML text.</summary>
    public static string Render(AnalysisDocument document, IReadOnlyList<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Encode(document.Title)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style></head><body>");
        html.Append("<h1>").Append(Encode(document.Title)).AppendLine("</h1>");
        html.Append("<p>").Append(Encode(Overview(document))).AppendLine("</p>");
        var models = document.Models.Where(m => !IsBatchWide(m.Result)).ToArray();
        Contents(html, models, document.Results.Any(r => r.Result.CorrelationSweep is not null));

        Section(html, "data", "Data");
        Table(html, ResultTables.Data(document));

        Section(html, "models", "Models");
        foreach (var model in models)
        {
            html.Append("<div class=\"model\" id=\"").Append(Anchor(model.Name)).Append("\"><h3>").Append(Encode(model.Name)).AppendLine("</h3>");
            if (model.Result is not { } result)
            {
                html.Append("<p class=\"failure\">").Append(Encode(ResultTables.Outcome(model))).AppendLine("</p></div>");
                continue;
            }

            html.Append("<p>").Append(Encode(result.Description)).Append(", k = ").Append(result.K.ToString(CultureInfo.InvariantCulture)).AppendLine(".</p>");
            if (PlainSummary.Of(result) is { Length: > 0 } summary)
            {
                html.Append("<p class=\"summary\">").Append(Encode(summary)).AppendLine("</p>");
            }

            if (result.Priors.Count > 0)
            {
                html.Append("<p class=\"priors\">Priors: ").Append(Encode(string.Join("; ", result.Priors))).AppendLine(".</p>");
            }

            if (ResultTables.Omitted(result) is { } omitted)
            {
                html.Append("<p class=\"omitted\">Left out: ").Append(Encode(omitted)).AppendLine(".</p>");
            }

            foreach (var table in ResultTables.Model(result))
            {
                Table(html, table);
            }

            Figures(html, figures.Where(f => f.Group == model.Name));
            html.AppendLine("</div>");
        }

        Section(html, "comparison", "Model comparison");
        foreach (var table in ResultTables.Comparison(document.Comparison))
        {
            Table(html, table);
        }

        foreach (var note in document.Comparison.Notes)
        {
            html.Append("<p class=\"note\">").Append(Encode(note)).AppendLine("</p>");
        }

        Section(html, "bias", "Publication bias");
        foreach (var (_, result) in document.Results.Where(r => r.Result.PublicationBias is not null))
        {
            Table(html, FitResultTables.PublicationBias(result.PublicationBias));
        }

        if (document.Results.Select(r => r.Result.PublicationBias).FirstOrDefault(b => b is not null) is { } checks && PlainSummary.OfPublicationBias(checks, document.K) is { Length: > 0 } biasSummary)
        {
            html.Append("<p class=\"summary\">").Append(Encode(biasSummary)).AppendLine("</p>");
        }

        Figures(html, figures.Where(f => f.Group is null && (f.Name.StartsWith("funnel", StringComparison.Ordinal) || f.Name.StartsWith("selection", StringComparison.Ordinal))));
        var sweeps = document.Results.Select(r => r.Result.CorrelationSweep).Where(s => s is not null).ToArray();
        for (var i = 0; i < sweeps.Length; i++)
        {
            var sweep = sweeps[i];
            Section(html, i == 0 ? "sensitivity" : $"sensitivity-{i + 1}", FitResultTables.SweepHeading(sweep));
            Table(html, FitResultTables.Sweep(sweep));
            var figureName = DocumentFigures.SensitivityFigureName(sweep);
            var shown = sweeps.Take(i).Any(s => s.SamplingErrors == sweep.SamplingErrors);
            Figures(html, figures.Where(f => f.Group is null && !shown && f.Name == figureName));
        }

        Reproducibility(html, document);
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>Results that speak of the batch as a whole (publication bias, the correlation sweep) rather than of one model.</summary>
    private static bool IsBatchWide(FitResult? result) => result is not null && (result.PublicationBias is not null || result.CorrelationSweep is not null);

    private static string Overview(AnalysisDocument document)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{document.K} effects in {document.Studies} studies");
        if (document.Measure is { } measure)
        {
            text.Append(CultureInfo.InvariantCulture, $"; effect size {measure}");
        }

        var computed = document.Models.Select(m => m.Result?.EffectSizes).FirstOrDefault(t => t is not null);
        if (computed is { HasImputedCorrelation: true } && computed.ImputedCorrelationRows.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; pre/post correlation imputed as {computed.ImputedCorrelation} for {computed.ImputedCorrelationRows.Count} effects");
        }

        var failed = document.Models.Count(m => m.Result is null);
        text.Append(CultureInfo.InvariantCulture, $". {document.Models.Count - failed} models fitted");
        if (failed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {failed} without a result");
        }

        text.Append(CultureInfo.InvariantCulture, $"; run {document.Run.StartedUtc:yyyy-MM-dd HH:mm} UTC in {document.Run.Seconds:F1} s ({(document.Run.Where == "local" ? "locally" : $"on {document.Run.Where}")}).");
        return text.ToString();
    }

    private static void Contents(StringBuilder html, IEnumerable<ModelOutcome> models, bool sweep)
    {
        html.AppendLine("<nav><ul><li><a href=\"#data\">Data</a></li><li><a href=\"#models\">Models</a><ul>");
        foreach (var model in models)
        {
            html.Append("<li><a href=\"#").Append(Anchor(model.Name)).Append("\">").Append(Encode(model.Name)).AppendLine("</a></li>");
        }

        html.AppendLine("</ul></li><li><a href=\"#comparison\">Model comparison</a></li><li><a href=\"#bias\">Publication bias</a></li>");
        if (sweep)
        {
            html.AppendLine("<li><a href=\"#sensitivity\">Sensitivity</a></li>");
        }

        html.AppendLine("<li><a href=\"#inputs\">Inputs and versions</a></li></ul></nav>");
    }

    private static void Reproducibility(StringBuilder html, AnalysisDocument document)
    {
        Section(html, "inputs", "Inputs and versions");
        var run = document.Run;
        var rows = new List<IReadOnlyList<string>> { new[] { "command", run.CommandLine } };
        if (document.Inputs is { } inputs)
        {
            rows.Add(["plan", $"{inputs.PlanSource} (SHA-256 {Sha256(inputs.PlanText)})"]);
            rows.Add(["data", $"{inputs.DataSource} (SHA-256 {Sha256(inputs.DataText)})"]);
        }
        else
        {
            rows.Add(["server", run.Where]);
            rows.Add(["batch", run.BatchId ?? "–"]);
        }

        rows.Add(["metaanalysis CLI", run.CliVersion]);
        rows.Add(["metaanalysis engines", run.CoreVersion]);
        rows.AddRange(run.Libraries.Select(l => (IReadOnlyList<string>)[l.Key, l.Value]));
        rows.Add(["runtime", run.Runtime]);
        rows.Add(["platform", run.Platform]);
        rows.Add(["started (UTC)", run.StartedUtc.ToString("u", CultureInfo.InvariantCulture)]);
        Table(html, new TextTable("How this report was made", ["", ""], rows));
        if (document.Inputs is { } files)
        {
            html.AppendLine("<p class=\"note\">To rerun: save the two files below next to each other under their names and run the command above (the sampler's seeds are in the plan).</p>");
            html.Append("<details open><summary>Plan: ").Append(Encode(files.PlanSource)).Append("</summary><pre>").Append(Encode(files.PlanText)).AppendLine("</pre></details>");
            html.Append("<details><summary>Data: ").Append(Encode(files.DataSource)).Append("</summary><pre>").Append(Encode(files.DataText)).AppendLine("</pre></details>");
        }
        else
        {
            html.AppendLine("<p class=\"note\">The batch's data and specs are kept by the server; <code>get BATCH_ID --json</code> prints them with every result.</p>");
        }
    }

    private static void Section(StringBuilder html, string id, string title) =>
        html.Append("<h2 id=\"").Append(id).Append("\">").Append(Encode(title)).AppendLine("</h2>");

    private static void Table(StringBuilder html, TextTable table)
    {
        html.Append("<table><caption>").Append(Encode(table.Title)).Append("</caption><thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append(header == "note" ? "<th class=\"text\">" : "<th>").Append(Encode(header)).Append("</th>");
        }

        html.AppendLine("</tr></thead><tbody>");

        // A notes column holds words with figures in them: left-aligned and wrapped, whatever each cell looks like.
        var notes = table.Headers.Select(h => h == "note").ToArray();
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                html.Append((c < notes.Length && notes[c]) || IsProse(cell) ? "<td class=\"text\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table>");
    }

    private static void Figures(StringBuilder html, IEnumerable<Figure> figures)
    {
        foreach (var figure in figures)
        {
            var svg = Convert.ToBase64String(Encoding.UTF8.GetBytes(figure.Svg()));
            html.Append("<figure id=\"fig-").Append(figure.Name).Append("\"><img alt=\"").Append(Encode(figure.Caption))
                .Append("\" width=\"").Append(figure.Width.ToString(CultureInfo.InvariantCulture))
                .Append("\" src=\"data:image/svg+xml;base64,").Append(svg).Append("\"><figcaption>")
                .Append(Encode(figure.Caption)).AppendLine("</figcaption></figure>");
        }
    }

    /// <summary>
    /// Whether a cell is a sentence rather than a figure: it is then left-aligned and may wrap, where figures
    /// stay right-aligned on one line ("56.99 on 30 df, p = 0.0021" is a figure; a note is prose).
    /// </summary>
    internal static bool IsProse(string cell) =>
        cell.Length > 24 && cell.Count(char.IsLetter) > 2 * cell.Count(char.IsDigit) && cell.Contains(' ', StringComparison.Ordinal);

    private static string Anchor(string name) => "model-" + FigureNames.Slug(name);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
