using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Cli.Documents;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Reports.Tables;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>Writes a document's tables to the terminal.</summary>
public static class ConsoleTables
{
    /// <summary>Writes one table: the first <paramref name="textColumns"/> columns left-aligned, the others (numbers) right-aligned.</summary>
    public static void Write(IAnsiConsole console, TextTable table, int textColumns = 1)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(table);
        var output = new Table().Title(Markup.Escape(table.Title)).Border(TableBorder.Rounded);
        for (var c = 0; c < table.Headers.Count; c++)
        {
            var column = new TableColumn(Markup.Escape(table.Headers[c]));
            output.AddColumn(c < textColumns ? column.LeftAligned() : column.RightAligned());
        }

        foreach (var row in table.Rows)
        {
            output.AddRow(row.Select(Markup.Escape).ToArray());
        }

        console.Write(output);
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
        console.Write(new Rule($"[bold]{Markup.Escape(model.Name)}[/]").LeftJustified());
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
            console.Write(new Rule("[bold]Model comparison[/]").LeftJustified());
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
}
