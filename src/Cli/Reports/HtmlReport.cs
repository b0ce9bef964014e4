using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MetaAnalysis.Cli.Plots;
using MetaAnalysis.Cli.Results;

namespace MetaAnalysis.Cli.Reports;

/// <summary>
/// One self-contained HTML file for a batch: the data, every model's summaries and diagnostics with its
/// figures, the comparison table, the publication-bias checks, the sensitivity sweep, and the exact inputs
/// (plan and data file, with checksums) and versions used, so the analysis can be rerun. Figures are SVG
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
        th { background: #f3f6fa; } .model { border-left: 4px solid #1f4e79; padding-left: 1em; margin: 2em 0; }
        .warning { color: #a94400; } .failure { color: #b00020; } figure { margin: 1em 0; } figcaption { font-size: 0.85em; color: #555; }
        img { max-width: 100%; height: auto; } pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
        .note { font-size: 0.9em; color: #444; }
        """;

    /// <summary>Writes the report of <paramref name="batch"/> with <paramref name="figures"/> as HTML text.</summary>
    public static string Render(BatchResult batch, IReadOnlyList<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(Encode(batch.Title)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style></head><body>");
        html.Append("<h1>").Append(Encode(batch.Title)).AppendLine("</h1>");
        html.Append("<p>").Append(Encode(Overview(batch))).AppendLine("</p>");
        Contents(html, batch);

        Section(html, "data", "Data");
        Table(html, ResultTables.Data(batch));

        Section(html, "models", "Models");
        foreach (var model in batch.Models)
        {
            html.Append("<div class=\"model\" id=\"").Append(Anchor(model.Name)).Append("\"><h3>").Append(Encode(model.Name)).AppendLine("</h3>");
            html.Append("<p>").Append(Encode(model.Description)).Append(", k = ").Append(model.K.ToString(CultureInfo.InvariantCulture))
                .Append(", ").Append(NumberFormat.Fixed(model.Seconds, 2)).AppendLine(" s.</p>");
            if (model.Plan.PriorsText is { } priors)
            {
                html.Append("<p class=\"note\">Priors: <code>").Append(Encode(priors)).AppendLine("</code></p>");
            }

            foreach (var table in ResultTables.Model(model))
            {
                Table(html, table);
            }

            foreach (var warning in model.Warnings)
            {
                html.Append("<p class=\"warning\">").Append(Encode(warning)).AppendLine("</p>");
            }

            Figures(html, figures.Where(f => f.Group == model.Name));
            html.AppendLine("</div>");
        }

        if (batch.Failures.Count > 0)
        {
            Section(html, "failures", "Models that could not be fitted");
            foreach (var failure in batch.Failures)
            {
                html.Append("<p class=\"failure\"><b>").Append(Encode(failure.Model)).Append("</b>: ").Append(Encode(failure.Error)).AppendLine("</p>");
            }
        }

        Section(html, "comparison", "Model comparison");
        foreach (var table in ResultTables.Comparison(batch.Comparison))
        {
            Table(html, table);
        }

        foreach (var note in batch.Comparison.Notes)
        {
            html.Append("<p class=\"note\">").Append(Encode(note)).AppendLine("</p>");
        }

        Section(html, "bias", "Publication bias");
        if (batch.PublicationBias is { } bias)
        {
            Table(html, ResultTables.PublicationBias(bias));
        }

        Figures(html, figures.Where(f => f.Group is null && f.Name.StartsWith("funnel", StringComparison.Ordinal)));
        if (batch.Sensitivity is { } sensitivity)
        {
            Section(html, "sensitivity", "Sensitivity to the assumed pre/post correlation");
            Table(html, ResultTables.Sensitivity(sensitivity));
            Figures(html, figures.Where(f => f.Group is null && f.Name.StartsWith("sensitivity", StringComparison.Ordinal)));
        }

        Reproducibility(html, batch);
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Overview(BatchResult batch)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{batch.K} effects in {batch.Studies} studies");
        if (batch.Measure is { } measure)
        {
            text.Append(CultureInfo.InvariantCulture, $"; effect size {measure}");
        }

        if (batch.ImputedCorrelation is { } r && batch.ImputedEffects > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; pre/post correlation imputed as {r} for {batch.ImputedEffects} effects");
        }

        text.Append(CultureInfo.InvariantCulture, $". {batch.Models.Count} models fitted");
        if (batch.Failures.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {batch.Failures.Count} failed");
        }

        text.Append(CultureInfo.InvariantCulture, $"; run {batch.Run.StartedUtc:yyyy-MM-dd HH:mm} UTC in {batch.Run.Seconds:F1} s.");
        return text.ToString();
    }

    private static void Contents(StringBuilder html, BatchResult batch)
    {
        html.AppendLine("<nav><ul><li><a href=\"#data\">Data</a></li><li><a href=\"#models\">Models</a><ul>");
        foreach (var model in batch.Models)
        {
            html.Append("<li><a href=\"#").Append(Anchor(model.Name)).Append("\">").Append(Encode(model.Name)).AppendLine("</a></li>");
        }

        html.AppendLine("</ul></li><li><a href=\"#comparison\">Model comparison</a></li><li><a href=\"#bias\">Publication bias</a></li>");
        if (batch.Sensitivity is not null)
        {
            html.AppendLine("<li><a href=\"#sensitivity\">Sensitivity</a></li>");
        }

        html.AppendLine("<li><a href=\"#inputs\">Inputs and versions</a></li></ul></nav>");
    }

    private static void Reproducibility(StringBuilder html, BatchResult batch)
    {
        Section(html, "inputs", "Inputs and versions");
        var run = batch.Run;
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "command", run.CommandLine },
            new[] { "plan", $"{batch.Plan.Source} (SHA-256 {Sha256(batch.Plan.Text)})" },
            new[] { "data", $"{batch.Data.Table.Source} (SHA-256 {Sha256(batch.Data.Table.Content)})" },
            new[] { "metaanalysis CLI", run.CliVersion },
            new[] { "metaanalysis engines", run.CoreVersion },
        };
        rows.AddRange(run.Libraries.Select(l => (IReadOnlyList<string>)[l.Key, l.Value]));
        rows.Add(["runtime", run.Runtime]);
        rows.Add(["platform", run.Platform]);
        rows.Add(["started (UTC)", run.StartedUtc.ToString("u", CultureInfo.InvariantCulture)]);
        Table(html, new TextTable("How this report was made", ["", ""], rows));
        html.AppendLine("<p class=\"note\">To rerun: save the two files below next to each other under their names and run the command above (the sampler's seeds are in the plan).</p>");
        html.Append("<details open><summary>Plan: ").Append(Encode(batch.Plan.Source)).Append("</summary><pre>").Append(Encode(batch.Plan.Text)).AppendLine("</pre></details>");
        html.Append("<details><summary>Data: ").Append(Encode(batch.Data.Table.Source)).Append("</summary><pre>").Append(Encode(batch.Data.Table.Content)).AppendLine("</pre></details>");
    }

    private static void Section(StringBuilder html, string id, string title) =>
        html.Append("<h2 id=\"").Append(id).Append("\">").Append(Encode(title)).AppendLine("</h2>");

    private static void Table(StringBuilder html, TextTable table)
    {
        html.Append("<table><caption>").Append(Encode(table.Title)).Append("</caption><thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
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

    private static string Anchor(string name) => "model-" + BatchFigures.Slug(name);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
