namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// A chi-square or F test statistic (QE for residual heterogeneity, QM for moderators) with its
/// degrees of freedom and p-value.
/// </summary>
/// <param name="Statistic">The chi-square statistic, or the F statistic when <paramref name="DenominatorDegreesOfFreedom"/> is set.</param>
/// <param name="DegreesOfFreedom">Chi-square degrees of freedom, or the F test's numerator degrees of freedom.</param>
/// <param name="DenominatorDegreesOfFreedom">The F test's denominator degrees of freedom; null for a chi-square test.</param>
/// <param name="PValue">Upper-tail probability of <paramref name="Statistic"/>.</param>
public sealed record OmnibusTest(double Statistic, int DegreesOfFreedom, double? DenominatorDegreesOfFreedom, double PValue);
