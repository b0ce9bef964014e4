namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>
/// An estimator of the between-study variance τ² of the (mixed-effects) model
/// yᵢ = xᵢ'β + uᵢ + εᵢ, uᵢ ~ N(0, τ²), εᵢ ~ N(0, vᵢ). Selected by metafor's code through
/// <see cref="Tau2Estimators.FromCode"/>.
/// </summary>
public interface ITau2Estimator
{
    /// <summary>metafor's code for the estimator (<c>REML</c>, <c>DL</c>, ...).</summary>
    string Code { get; }

    /// <summary>Whether τ² is estimated at all (false only for the equal-effects model).</summary>
    bool EstimatesHeterogeneity { get; }

    /// <summary>Estimates τ² (truncated at 0, as metafor does) and its standard error.</summary>
    Tau2Estimate Estimate(MetaRegressionProblem problem);
}
