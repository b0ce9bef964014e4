namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>Options of a location-scale fit.</summary>
/// <param name="Estimator">REML (default) or ML.</param>
/// <param name="Level">Confidence level of the intervals, strictly between 0 and 1.</param>
public sealed record LocationScaleOptions(
    LocationScaleEstimator Estimator = LocationScaleEstimator.RestrictedMaximumLikelihood,
    double Level = 0.95);
