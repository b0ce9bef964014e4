namespace MetaAnalysis.Analysis.Validation;

/// <summary>The engine a spec asks for.</summary>
public enum EngineKind
{
    /// <summary>No engine: effect-size computation only.</summary>
    None,

    /// <summary>The frequentist (metafor-parity) engine.</summary>
    Frequentist,

    /// <summary>The exact Bayesian engine (numerical integration over the variance components).</summary>
    ExactBayes,

    /// <summary>The No-U-Turn sampler.</summary>
    Nuts,
}
