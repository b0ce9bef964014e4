namespace MetaAnalysis.Core.Frequentist.Permutation;

/// <summary>
/// A permutation test of a random-effects model or meta-regression: the observed fit's statistics and,
/// for each, the proportion of rearrangements of the data whose statistic is at least as extreme.
/// </summary>
/// <param name="Beta">The observed coefficient estimates, intercept first.</param>
/// <param name="Statistics">The observed z statistics (t under Knapp-Hartung), intercept first.</param>
/// <param name="ModeratorStatistic">The observed QM (chi-square; F under Knapp-Hartung).</param>
/// <param name="PValues">Per coefficient, the proportion of arrangements with |stat| ≥ |observed stat| - tolerance.</param>
/// <param name="ModeratorPValue">The proportion of arrangements with QM ≥ observed QM - tolerance.</param>
/// <param name="Arrangements">How many arrangements were refitted (the observed one among them).</param>
/// <param name="FailedRefits">Arrangements whose τ² estimate failed; they are left out of the proportions, as metafor leaves them out.</param>
/// <param name="Exact">Whether every distinct arrangement was enumerated (else a random sample of them).</param>
public sealed record PermutationTestResult(
    IReadOnlyList<double> Beta,
    IReadOnlyList<double> Statistics,
    double ModeratorStatistic,
    IReadOnlyList<double> PValues,
    double ModeratorPValue,
    long Arrangements,
    long FailedRefits,
    bool Exact);
