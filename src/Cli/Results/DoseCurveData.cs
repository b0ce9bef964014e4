namespace MetaAnalysis.Cli.Results;

/// <summary>What a dose-response plot needs of a fitted curve.</summary>
/// <param name="Column">The dose column.</param>
/// <param name="Scale">The dose was divided by this before fitting.</param>
/// <param name="Doses">Each effect's dose, unscaled.</param>
/// <param name="Row">The design row of a dose as given in the table (linear-in-coefficient curves); null for Emax.</param>
public sealed record DoseCurveData(string Column, double Scale, IReadOnlyList<double> Doses, Func<double, double[]>? Row);
