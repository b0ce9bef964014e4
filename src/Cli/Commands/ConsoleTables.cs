using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Cli.Documents;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Reports.Tables;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MetaAnalysis.Cli.Commands;

/// <summary>Writes a document's tables to the terminal.</summary>
public static class ConsoleTables
{
    /// <summary>The width of headings (rules) when the output is not wrapped (a file or a pipe).</summary>
    public const int UnwrappedHeadingWidth = 80;

    /// <summary>
    /// Writes one table, the first <paramref name="textColumns"/> columns left-aligned, the others (numbers)
    /// right-aligned, as wide as the console: cells wrap at their spaces only, so that no number is split
    /// across lines; a table whose longest words do not fit side by side is written one row at a time, each
    /// cell beside its header (<see cref="WriteStacked"/>).
    /// </summary>
    public static void Write(IAnsiConsole console, TextTable table, int textColumns = 1)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(table);
        var options = RenderOptions.Create(console);
        var columns = table.Headers.Count;
        var cells = Enumerable.Range(0, columns).Select(c => table.Rows.Select(r => r[c]).Prepend(table.Headers[c]).ToArray()).ToArray();
        var natural = cells.Select(column => column.Max(cell => Width(options, cell))).ToArray();
        var minimum = cells.Select(column => column.Max(cell => cell.Split(' ').Max(word => Width(options, word)))).ToArray();

        // Rounded borders with one space of padding either side: a bar before each column and after the last.
        var widths = ColumnWidths.Fit(natural, minimum, console.Profile.Width - (3 * columns) - 1);
        if (widths is null)
        {
            WriteStacked(console, table);
            return;
        }

        var output = new Table().Title(Markup.Escape(table.Title)).Border(TableBorder.Rounded);
        for (var c = 0; c < columns; c++)
        {
            var column = new TableColumn(Markup.Escape(table.Headers[c])).Width(widths[c]);
            output.AddColumn(c < textColumns ? column.LeftAligned() : column.RightAligned());
        }

        foreach (var row in table.Rows)
        {
            output.AddRow(row.Select(Markup.Escape).ToArray());
        }

        console.Write(output);
    }

    /// <summary>
    /// Writes <paramref name="table"/> for a console too narrow for its columns side by side: one block per
    /// row, each cell on its own line after its header.
    /// </summary>
    public static void WriteStacked(IAnsiConsole console, TextTable table)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(table);
        var options = RenderOptions.Create(console);
        var headerWidth = Math.Min(table.Headers.Max(h => Width(options, h)), Math.Max(1, (console.Profile.Width - 7) / 3));
        var output = new Table().Title(Markup.Escape(table.Title)).Border(TableBorder.Rounded).HideHeaders().ShowRowSeparators();
        output.AddColumn(new TableColumn(string.Empty));
        foreach (var row in table.Rows)
        {
            var fields = new Grid();
            fields.AddColumn(new GridColumn().Width(headerWidth).PadRight(2));
            fields.AddColumn(new GridColumn());
            for (var c = 0; c < table.Headers.Count; c++)
            {
                fields.AddRow(new Text(table.Headers[c], new Style(decoration: Decoration.Dim)), new Text(row[c]));
            }

            output.AddRow(fields);
        }

        console.Write(output);
    }

    /// <summary>A heading rule: across the console, or <see cref="UnwrappedHeadingWidth"/> wide where the output is not wrapped.</summary>
    public static void WriteHeading(IAnsiConsole console, string title)
    {
        ArgumentNullException.ThrowIfNull(console);
        var rule = new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified();
        if (console.Profile.Width < ConsoleWidth.NotWrapped)
        {
            console.Write(rule);
            return;
        }

        var heading = new Grid();
        heading.AddColumn(new GridColumn().Width(UnwrappedHeadingWidth).NoWrap().Padding(0, 0));
        heading.AddRow(rule);
        console.Write(heading);
    }

    /// <summary>One line with how many of <paramref name="what"/>'s models are in each state ("batch batch_...: 3 succeeded, 1 failed").</summary>
    public static void WriteStates(IAnsiConsole console, string what, AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(document);
        console.MarkupLine(Markup.Escape($"{what}: {string.Join(", ", document.Models.GroupBy(m => m.State).Select(g => $"{g.Count()} {ResultTables.State(g.Key)}"))}"));
    }

    /// <summary>Writes every table of one model under a heading.</summary>
    public static void WriteModel(IAnsiConsole console, ModelOutcome model)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(model);
        WriteHeading(console, model.Name);
        if (model.Result is not { } result)
        {
            console.MarkupLine($"[red]{Markup.Escape(ResultTables.Outcome(model))}[/]");
            return;
        }

        console.MarkupLine(Markup.Escape($"{result.Description}, k = {result.K}"));
        if (result.Priors.Count > 0)
        {
            console.MarkupLine(Markup.Escape($"priors: {string.Join("; ", result.Priors)}"));
        }

        foreach (var table in ResultTables.Model(result))
        {
            Write(console, table);
        }
    }

    /// <summary>Writes the document: every model's tables or one overview line each, then failures and the comparison.</summary>
    public static void WriteDocument(IAnsiConsole console, AnalysisDocument document, bool modelTables)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(document);
        if (modelTables)
        {
            foreach (var model in document.Models)
            {
                WriteModel(console, model);
            }
        }
        else
        {
            Write(console, ResultTables.Overview(document), textColumns: 5);
            foreach (var (name, result) in document.Results)
            {
                if (ResultTables.Omitted(result) is { } omitted)
                {
                    console.MarkupLine($"[yellow]{Markup.Escape($"{name}: {omitted}")}[/]");
                }
            }

            foreach (var (_, result) in document.Results.Where(r => r.Result.PublicationBias is not null || r.Result.CorrelationSweep is not null))
            {
                foreach (var table in FitResultTables.Of(result))
                {
                    Write(console, table);
                }
            }
        }

        foreach (var failure in document.Models.Where(m => m.Result is null))
        {
            console.MarkupLine($"[red]{Markup.Escape(failure.Name)}: {Markup.Escape(ResultTables.Outcome(failure))}[/]");
        }

        var comparison = ResultTables.Comparison(document.Comparison);
        if (comparison.Count > 0)
        {
            WriteHeading(console, "Model comparison");
        }

        foreach (var table in comparison)
        {
            Write(console, table);
        }

        foreach (var note in document.Comparison.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }
    }

    private static int Width(RenderOptions options, string text) => ((IRenderable)new Text(text)).Measure(options, int.MaxValue).Max;
}
