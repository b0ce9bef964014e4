namespace MetaAnalysis.Analysis.Vocabulary;

/// <summary>The engine a spec asks for.</summary>
public enum EngineKind
{
    /// <summary>No engine: effect sizes, or a sweep whose models carry their own engines.</summary>
    None,

    /// <summary>The frequentist (metafor-parity) engine.</summary>
    Frequentist,

    /// <summary>The exact Bayesian engine (numerical integration over the variance components).</summary>
    ExactBayes,

    /// <summary>The No-U-Turn sampler.</summary>
    Nuts,
}
