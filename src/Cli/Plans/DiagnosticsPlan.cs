namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The case diagnostics of the random-effects model on the whole data set that the report adds after the
/// plan's models: leave-one-out and influence (with the Baujat and GOSH plots), and the cumulative analysis.
/// </summary>
/// <param name="Influence">metafor's leave1out, influence, baujat and (up to 15 effects) gosh.</param>
/// <param name="Cumulative">metafor's cumul, in data order.</param>
public sealed record DiagnosticsPlan(bool Influence = false, bool Cumulative = false);
