namespace MetaAnalysis.Core.Tests;

/// <summary>
/// One named tolerance per kind of quantity, as metafor's own tests do: a test says which kind of
/// figure it checks, not a bare number.
/// </summary>
internal static class Tolerances
{
    /// <summary>Estimates, standard errors and test statistics against metafor's published output (printed to 4 decimals).</summary>
    public const double Printed4 = 5e-5;

    /// <summary>Figures re-derived by plain matrix algebra or closed forms in double precision.</summary>
    public const double Algebra = 1e-9;

    /// <summary>Iteratively estimated variance components (τ², σ²) against an independent re-derivation.</summary>
    public const double VarianceComponent = 1e-6;

    /// <summary>Exact-engine posterior summaries against brute-force integration.</summary>
    public const double Posterior = 1e-4;

    /// <summary>Exact-engine moments and log marginal likelihoods against a fine brute-force Simpson integration (relative).</summary>
    public const double ExactIntegration = 1e-8;

    /// <summary>Exact-engine quantiles and intervals against a brute-force grid (relative; the grid's own interpolation limits it).</summary>
    public const double BruteForceQuantile = 1e-6;
}
