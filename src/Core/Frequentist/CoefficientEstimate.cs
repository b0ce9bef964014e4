namespace MetaAnalysis.Core.Frequentist;

/// <summary>One coefficient of a fitted model with its test and confidence interval.</summary>
/// <param name="Name">The design column's name (<c>intrcpt</c>, a moderator, a dummy).</param>
/// <param name="Estimate">The estimate b.</param>
/// <param name="StandardError">Its standard error (Knapp-Hartung scaled or cluster-robust when those are used).</param>
/// <param name="Statistic">b / SE, a z or t statistic.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="CiLower">Lower confidence bound.</param>
/// <param name="CiUpper">Upper confidence bound.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom of the t test; null for a z test.</param>
public sealed record CoefficientEstimate(string Name, double Estimate, double StandardError, double Statistic, double PValue, double CiLower, double CiUpper, double? DegreesOfFreedom = null);
