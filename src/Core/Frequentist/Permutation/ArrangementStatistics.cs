namespace MetaAnalysis.Core.Frequentist.Permutation;

/// <summary>The test statistics of one arrangement of the data, refitted.</summary>
/// <param name="Beta">The coefficient estimates, intercept first.</param>
/// <param name="Statistics">Each coefficient's z statistic (t under Knapp-Hartung).</param>
/// <param name="ModeratorStatistic">QM: chi-square, or the F statistic under Knapp-Hartung.</param>
internal readonly record struct ArrangementStatistics(double[] Beta, double[] Statistics, double ModeratorStatistic);
