namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>The cluster-robust (sandwich) variance estimator on the data's clusters, as clubSandwich names them.</summary>
public enum RobustEstimator
{
    /// <summary>The uncorrected sandwich estimator ("CR0").</summary>
    CR0,

    /// <summary>CR0 with the small-sample factor m / (m - 1) ("CR1").</summary>
    CR1,

    /// <summary>CR0 with the factor m / (m - p) ("CR1p").</summary>
    CR1p,

    /// <summary>The bias-reduced linearisation estimator with Satterthwaite degrees of freedom ("CR2").</summary>
    CR2,
}
