namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// The raw summary columns of the studies, one element per study, under metafor's argument names. Only
/// the columns the chosen measure needs are read; a missing value is NaN, and makes that row's effect
/// missing (as metafor's NA).
/// </summary>
/// <remarks>
/// Columns per measure (metafor's <c>escalc</c>):
/// <list type="bullet">
/// <item>2x2 tables (RR, OR, RD): <c>ai bi ci di</c>, or <c>ai ci</c> with the group sizes <c>n1i n2i</c> (both may be given; then <c>ai + bi</c> must equal <c>n1i</c>).</item>
/// <item>two groups (MD, SMD, ROM): <c>m1i sd1i n1i m2i sd2i n2i</c>.</item>
/// <item>correlations (COR, ZCOR): <c>ri ni</c>.</item>
/// <item>proportions (PR, PLO): <c>xi ni</c>.</item>
/// <item>pre/post (MC, SMCC, SMCRH): <c>m1i</c> = post mean, <c>m2i</c> = pre mean, <c>sd1i sd2i ni ri</c>; SMCR needs no <c>sd2i</c> and divides by <c>sd1i</c>.</item>
/// </list>
/// </remarks>
public sealed record EffectSizeInput
{
    /// <summary>2x2 tables: events in group 1 (upper left cell).</summary>
    public IReadOnlyList<double>? Ai { get; init; }

    /// <summary>2x2 tables: non-events in group 1 (upper right cell).</summary>
    public IReadOnlyList<double>? Bi { get; init; }

    /// <summary>2x2 tables: events in group 2 (lower left cell).</summary>
    public IReadOnlyList<double>? Ci { get; init; }

    /// <summary>2x2 tables: non-events in group 2 (lower right cell).</summary>
    public IReadOnlyList<double>? Di { get; init; }

    /// <summary>Size of group 1 (two-group measures; for 2x2 tables the first row total).</summary>
    public IReadOnlyList<double>? N1i { get; init; }

    /// <summary>Size of group 2 (two-group measures; for 2x2 tables the second row total).</summary>
    public IReadOnlyList<double>? N2i { get; init; }

    /// <summary>Mean of group 1, or the post-treatment mean for pre/post measures.</summary>
    public IReadOnlyList<double>? M1i { get; init; }

    /// <summary>Mean of group 2, or the pre-treatment mean for pre/post measures.</summary>
    public IReadOnlyList<double>? M2i { get; init; }

    /// <summary>
    /// Standard deviation of group 1. Pre/post: with <see cref="Sd2i"/> the SDs of the two time points; for
    /// SMCR and SMCRH it is also the raw-score SD the change is divided by (usually the pre-test SD, as in
    /// Becker 1988 and Morris 2008).
    /// </summary>
    public IReadOnlyList<double>? Sd1i { get; init; }

    /// <summary>Standard deviation of group 2, or of the other time point for pre/post measures (not used by SMCR).</summary>
    public IReadOnlyList<double>? Sd2i { get; init; }

    /// <summary>Sample size of a single group (correlations, proportions, pre/post measures).</summary>
    public IReadOnlyList<double>? Ni { get; init; }

    /// <summary>Correlation: the effect itself for COR/ZCOR, the pre/post correlation for the change measures (NaN = not reported).</summary>
    public IReadOnlyList<double>? Ri { get; init; }

    /// <summary>Proportions: number of participants with the event.</summary>
    public IReadOnlyList<double>? Xi { get; init; }
}
