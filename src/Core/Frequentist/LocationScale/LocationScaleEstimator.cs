namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>How the scale coefficients of a location-scale model are estimated (metafor's <c>method</c>).</summary>
public enum LocationScaleEstimator
{
    /// <summary>Restricted maximum likelihood ("REML"), metafor's default.</summary>
    RestrictedMaximumLikelihood,

    /// <summary>Maximum likelihood ("ML").</summary>
    MaximumLikelihood,
}
