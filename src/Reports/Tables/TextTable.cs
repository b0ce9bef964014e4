namespace MetaAnalysis.Reports.Tables;

/// <summary>A table of formatted cells, rendered both in the terminal and in the HTML report.</summary>
/// <param name="Title">The caption.</param>
/// <param name="Headers">Column headers.</param>
/// <param name="Rows">Rows of cells, as many as headers.</param>
public sealed record TextTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
