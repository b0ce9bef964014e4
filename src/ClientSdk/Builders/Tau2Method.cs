namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>The estimator of the between-study variance τ² on the frequentist engine (metafor's <c>method</c>).</summary>
public enum Tau2Method
{
    /// <summary>Restricted maximum likelihood ("REML"), the engine's default.</summary>
    Reml,

    /// <summary>Maximum likelihood ("ML").</summary>
    MaximumLikelihood,

    /// <summary>DerSimonian-Laird ("DL").</summary>
    DerSimonianLaird,

    /// <summary>Hedges ("HE").</summary>
    Hedges,

    /// <summary>Hunter-Schmidt ("HS").</summary>
    HunterSchmidt,

    /// <summary>Sidik-Jonkman ("SJ").</summary>
    SidikJonkman,

    /// <summary>Empirical Bayes ("EB").</summary>
    EmpiricalBayes,

    /// <summary>Paule-Mandel ("PM").</summary>
    PauleMandel,

    /// <summary>The equal-effects model, τ² = 0 ("EE").</summary>
    EqualEffects,
}
