namespace MetaAnalysis.Core.Tests;

/// <summary>
/// One named tolerance per kind of quantity, as metafor's own tests do: a test says which kind of
/// figure it checks, not a bare number.
/// </summary>
internal static class Tolerances
{
    /// <summary>Figures published to 2 decimals (half a unit in the last place).</summary>
    public const double Printed2 = 5e-3;

    /// <summary>Figures published to 3 decimals (tables of textbooks, metafor's analysis examples).</summary>
    public const double Printed3 = 5e-4;

    /// <summary>Estimates, standard errors and test statistics against metafor's published output (printed to 4 decimals).</summary>
    public const double Printed4 = 5e-5;

    /// <summary>Figures published to 6 decimals, plus the slack of metafor's default τ² convergence (|Δτ²| &lt; 1e-5).</summary>
    public const double Printed6 = 5e-6;

    /// <summary>
    /// I² and H² bounds metafor derives from a τ² bound found by uniroot at its default tolerance
    /// (ε^¼ ≈ 1.2e-4 on τ²), which moves I² by up to about 0.015 percentage points on the BCG data.
    /// </summary>
    public const double MetaforRootSearch = 2e-2;

    /// <summary>
    /// Relative tolerance for metafor output printed in full precision but computed at its default convergence
    /// threshold (|Δτ²| &lt; 1e-5), which leaves τ² and everything derived from it uncertain in the 7th digit.
    /// </summary>
    public const double MetaforDefaultConvergence = 1e-5;

    /// <summary>Figures re-derived by plain matrix algebra or closed forms in double precision.</summary>
    public const double Algebra = 1e-9;

    /// <summary>Iteratively estimated variance components (τ², σ²) against an independent re-derivation.</summary>
    public const double VarianceComponent = 1e-6;

    /// <summary>
    /// Figures metafor prints to 8 digits (BLUPs) from fits converged to its default tolerance, against
    /// the same figures from a fully converged fit.
    /// </summary>
    public const double PublishedBlup = 5e-8;

    /// <summary>Exact-engine posterior summaries against brute-force integration.</summary>
    public const double Posterior = 1e-4;

    /// <summary>Exact-engine moments and log marginal likelihoods against a fine brute-force Simpson integration (relative).</summary>
    public const double ExactIntegration = 1e-8;

    /// <summary>Exact-engine quantiles and intervals against a brute-force grid (relative; the grid's own interpolation limits it).</summary>
    public const double BruteForceQuantile = 1e-6;
}
