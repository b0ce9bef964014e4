namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The case diagnostics of the random-effects model on the whole data set that the report adds after the
/// plan's models: leave-one-out and influence (with the Baujat and GOSH plots), and the cumulative analysis;
/// with <paramref name="ThreeLevel"/> the same of the three-level model on the data's studies beside them.
/// </summary>
/// <param name="Influence">metafor's leave1out, influence, baujat and (up to 15 effects) gosh.</param>
/// <param name="Cumulative">metafor's cumul, in data order.</param>
/// <param name="ThreeLevel">Also the three-level model's diagnostics: each study and each effect left out, studies added cumulatively.</param>
/// <param name="Rho">The three-level diagnostics' working correlation of sampling errors within studies; null for independent errors.</param>
public sealed record DiagnosticsPlan(bool Influence = false, bool Cumulative = false, bool ThreeLevel = false, double? Rho = null);
