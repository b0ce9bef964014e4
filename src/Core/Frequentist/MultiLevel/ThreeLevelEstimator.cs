namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>How the two variance components of a three-level model are estimated (metafor's <c>method</c>).</summary>
public enum ThreeLevelEstimator
{
    /// <summary>Restricted maximum likelihood ("REML"), metafor's default.</summary>
    RestrictedMaximumLikelihood,

    /// <summary>Maximum likelihood ("ML").</summary>
    MaximumLikelihood,
}
