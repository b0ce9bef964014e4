namespace MetaAnalysis.Core.Frequentist.Subgroups;

/// <summary>
/// The test of differences between subgroups with a separate τ² per subgroup: the Wald-type Q of an
/// equal-effects model on the subgroup estimates with their squared standard errors,
/// Q = Σ (b_g - b̄)²/SE_g², b̄ their inverse-variance weighted mean, chi-square on G - 1 degrees of freedom.
/// </summary>
/// <param name="Q">The between-subgroups statistic.</param>
/// <param name="DegreesOfFreedom">G - 1.</param>
/// <param name="PValue">Upper-tail chi-square p-value.</param>
public sealed record SubgroupDifferenceTest(double Q, int DegreesOfFreedom, double PValue);
