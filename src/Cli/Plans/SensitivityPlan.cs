namespace MetaAnalysis.Cli.Plans;

/// <summary>The sweep over the assumed pre/post correlation: each listed model is refitted at every correlation.</summary>
/// <param name="Correlations">The assumed correlations, each in [-1, 1].</param>
/// <param name="Models">Names of the plan's models to refit.</param>
public sealed record SensitivityPlan(IReadOnlyList<double> Correlations, IReadOnlyList<string> Models);
