namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Which hypotheses about a component (the effect, or heterogeneity) a robust Bayesian model average includes.</summary>
public enum EnsembleComponent
{
    /// <summary>Both absent and present (RoBMA's default), each with prior probability 1/2.</summary>
    Both,

    /// <summary>Only the component absent.</summary>
    AbsentOnly,

    /// <summary>Only the component present.</summary>
    PresentOnly,
}
