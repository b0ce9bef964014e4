namespace MetaAnalysis.Cli.Plans;

/// <summary>The dose of a dose-response model.</summary>
/// <param name="Column">The table column holding each effect's dose.</param>
/// <param name="Curve">The curve's shape.</param>
/// <param name="Scale">The dose is divided by this before fitting (e.g. 10000: per 10,000 pulses), which keeps coefficients and priors readable.</param>
/// <param name="Knots">Spline knots on the scaled dose; null to place <paramref name="KnotCount"/> knots at Harrell's quantiles of the doses.</param>
/// <param name="KnotCount">Number of spline knots when <paramref name="Knots"/> is null.</param>
/// <param name="Unit">What a dose is counted in, for labels ("pulses"); null for none.</param>
public sealed record DosePlan(string Column, DoseCurve Curve, double Scale, IReadOnlyList<double>? Knots, int KnotCount, string? Unit = null);
