using MetaAnalysis.Cli.Reports;
using MetaAnalysis.Cli.Results;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>Writes result tables to the terminal.</summary>
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

    /// <summary>Writes every table of one model under a heading.</summary>
    public static void WriteModel(IAnsiConsole console, ModelResult model)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(model);
        console.Write(new Rule($"[bold]{Markup.Escape(model.Name)}[/]").LeftJustified());
        console.MarkupLine(Markup.Escape($"{model.Description}, k = {model.K}"));
        foreach (var table in ResultTables.Model(model))
        {
            Write(console, table);
        }
    }

    /// <summary>Writes the batch's failures, comparison, publication-bias and sensitivity tables.</summary>
    public static void WriteBatchSummary(IAnsiConsole console, BatchResult batch)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var failure in batch.Failures)
        {
            console.MarkupLine($"[red]{Markup.Escape(failure.Model)} failed:[/] {Markup.Escape(failure.Error)}");
        }

        var comparison = ResultTables.Comparison(batch.Comparison);
        if (comparison.Count > 0)
        {
            console.Write(new Rule("[bold]Model comparison[/]").LeftJustified());
        }

        foreach (var table in comparison)
        {
            Write(console, table);
        }

        foreach (var note in batch.Comparison.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        if (batch.PublicationBias is { } bias)
        {
            Write(console, ResultTables.PublicationBias(bias));
        }

        if (batch.Sensitivity is { } sensitivity)
        {
            Write(console, ResultTables.Sensitivity(sensitivity));
        }
    }
}
