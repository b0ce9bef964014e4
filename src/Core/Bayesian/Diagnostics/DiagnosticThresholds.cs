namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>When a diagnostic becomes a warning. Defaults follow Vehtari et al. (2021) and Stan.</summary>
public sealed record DiagnosticThresholds
{
    /// <summary>R-hat above this warns (1.01).</summary>
    public double MaxRhat { get; init; } = 1.01;

    /// <summary>Bulk- or tail-ESS below this many per chain warns (100, i.e. 400 for four chains).</summary>
    public double MinEssPerChain { get; init; } = 100;

    /// <summary>E-BFMI below this warns (0.3).</summary>
    public double MinEbfmi { get; init; } = Ebfmi.Threshold;
}
