namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// Upper bounds on what one spec may ask for. They keep a single request from tying up a worker or the
/// server's memory; a spec beyond them is invalid input, not a job.
/// </summary>
public static class SpecLimits
{
    /// <summary>Most effects in one data set.</summary>
    public const int MaxEffects = 100_000;

    /// <summary>Most moderator columns in one data set.</summary>
    public const int MaxModerators = 100;

    /// <summary>Most models in one batch.</summary>
    public const int MaxBatchModels = 64;

    /// <summary>Longest label, cluster, moderator level or name, in characters.</summary>
    public const int MaxTextLength = 256;

    /// <summary>Most NUTS chains.</summary>
    public const int MaxChains = 64;

    /// <summary>Most NUTS warmup or post-warmup draws per chain.</summary>
    public const int MaxDrawsPerChain = 1_000_000;

    /// <summary>Deepest NUTS tree.</summary>
    public const int MaxTreeDepth = 20;

    /// <summary>Most spline knots of a dose-response curve.</summary>
    public const int MaxKnots = 10;

    /// <summary>Most points of a tabulated prior.</summary>
    public const int MaxTabulatedPoints = 10_000;

    /// <summary>Most correlations of a correlation sweep.</summary>
    public const int MaxSweepCorrelations = 50;

    /// <summary>Most models refitted by a correlation sweep.</summary>
    public const int MaxSweepModels = 16;

    /// <summary>The most arrangements a permutation test refits (each a full τ² estimate).</summary>
    public const int MaxPermutations = 100_000;

    /// <summary>Longest part of a bad value quoted back in an error message.</summary>
    public const int MaxQuotedLength = 40;

    /// <summary>Longest dose unit ("pulses", "mg/kg per day"): it is a label.</summary>
    public const int MaxUnitLength = 40;
}
