namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>The small-sample adjustment of a cluster-robust (sandwich) covariance, named as clubSandwich names them.</summary>
public enum SandwichType
{
    /// <summary>The plain sandwich, Σ_j M X_j'W_j e_j e_j' W_j X_j M (Liang and Zeger).</summary>
    CR0,

    /// <summary>CR0 scaled by J / (J - 1), J the number of clusters.</summary>
    CR1,

    /// <summary>CR0 scaled by J / (J - p): metafor's <c>robust(adjust = TRUE)</c> without clubSandwich.</summary>
    CR1p,

    /// <summary>
    /// Bell and McCaffrey's bias-reduced linearization as clubSandwich computes it, with the fitted
    /// model's marginal covariance as the working model: unbiased when that model is correct.
    /// </summary>
    CR2,
}
