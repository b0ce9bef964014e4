namespace MetaAnalysis.Cli.Results;

/// <summary>The test of subgroup differences.</summary>
/// <param name="Description">What was tested (e.g. "Q between subgroups, separate τ²").</param>
/// <param name="Statistic">The statistic.</param>
/// <param name="DegreesOfFreedom">Its degrees of freedom.</param>
/// <param name="PValue">Its p-value.</param>
public sealed record SubgroupTest(string Description, double Statistic, int DegreesOfFreedom, double PValue);
