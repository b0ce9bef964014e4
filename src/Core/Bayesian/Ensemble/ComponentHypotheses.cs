namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>Which hypotheses about a component (the effect, or heterogeneity) an ensemble includes.</summary>
public enum ComponentHypotheses
{
    /// <summary>Both absent and present, each with prior probability 1/2 (RoBMA's default weights of 1 and 1).</summary>
    Both,

    /// <summary>Only members with the component absent (fixed at 0).</summary>
    AbsentOnly,

    /// <summary>Only members with the component present.</summary>
    PresentOnly,
}
