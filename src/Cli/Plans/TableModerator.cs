namespace MetaAnalysis.Cli.Plans;

/// <summary>A moderator column of the study table: numbers (NaN where missing) or levels ("" where missing).</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Numbers">The values of a numeric column; null for a text column.</param>
/// <param name="Levels">The values of a text column; null for a numeric one.</param>
internal sealed record TableModerator(string Name, double[]? Numbers, string[]? Levels);
