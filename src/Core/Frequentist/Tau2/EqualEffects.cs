namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The equal-effects (common-effect, "fixed-effect") model: τ² = 0 by assumption. Code <c>EE</c>.</summary>
public sealed class EqualEffects : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "EE";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => false;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem) => new(0.0, double.NaN, 0);
}
