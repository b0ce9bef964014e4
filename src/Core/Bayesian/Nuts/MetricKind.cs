namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>Which metric warm-up estimates.</summary>
public enum MetricKind
{
    /// <summary>Diagonal: one variance per unconstrained parameter (Stan's <c>diag_e</c>, the default).</summary>
    Diagonal,

    /// <summary>Dense: the full covariance (Stan's <c>dense_e</c>).</summary>
    Dense,
}
