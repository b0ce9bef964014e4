namespace MetaAnalysis.Cli.Plans;

/// <summary>Which engine fits a model of the plan.</summary>
public enum ModelEngine
{
    /// <summary>Likelihood-based fits (metafor's rma, rma.mv, robust).</summary>
    Frequentist,

    /// <summary>The exact Bayesian engine (Gaussian models, integrated numerically).</summary>
    Exact,

    /// <summary>The No-U-Turn sampler (models without conjugate structure, or to check the exact engine).</summary>
    Nuts,
}
