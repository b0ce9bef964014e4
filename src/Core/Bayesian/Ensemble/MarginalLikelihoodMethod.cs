namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>How a member's marginal likelihood was (or is to be) computed.</summary>
public enum MarginalLikelihoodMethod
{
    /// <summary>The exact engine (members without publication-bias adjustment: Gaussian given the standard deviations).</summary>
    Exact,

    /// <summary>Adaptive Gauss–Hermite quadrature on the Laplace approximation.</summary>
    Quadrature,

    /// <summary>Bridge sampling (Meng and Wong) from NUTS draws.</summary>
    BridgeSampling,
}
