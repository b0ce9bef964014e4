namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// The omnibus Wald test QM of the coefficients: all but the intercept when the model has one and
/// moderators, otherwise all of them (metafor's default <c>btt</c>).
/// </summary>
/// <param name="Statistic">Chi-square QM = b'V⁻¹b (z test), or QM/m as an F statistic (t and Knapp-Hartung tests).</param>
/// <param name="NumeratorDegreesOfFreedom">m, the number of coefficients tested.</param>
/// <param name="DenominatorDegreesOfFreedom">k - p for the F test; null for the chi-square test.</param>
/// <param name="PValue">Upper-tail p-value.</param>
/// <param name="Coefficients">Indices of the tested coefficients.</param>
public sealed record ModeratorTest(double Statistic, int NumeratorDegreesOfFreedom, int? DenominatorDegreesOfFreedom, double PValue, IReadOnlyList<int> Coefficients);
