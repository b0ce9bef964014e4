namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The restricted (residual) maximum-likelihood estimator. Code <c>REML</c>.</summary>
/// <remarks>
/// The τ² ≥ 0 with the highest restricted log-likelihood (<see cref="ProfileLikelihoodMaximizer"/>): the root
/// of the score y'PPy - tr(P), P = W - WX(X'WX)⁻¹X'W, W = diag(1/(vᵢ + τ²)), where that is the global
/// maximum, else 0. metafor's Fisher scoring reaches the same point whenever it converges to the global
/// maximum. SE = √(2 / tr(PP)) at the estimate.
/// </remarks>
public sealed class RestrictedMaximumLikelihood : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "REML";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (tau2, iterations) = ProfileLikelihoodMaximizer.Maximize(problem, restricted: true, Code);
        var fit = problem.FitAt(tau2);
        return new Tau2Estimate(tau2, Math.Sqrt(2.0 / fit.TraceOfProduct(fit.Ones, fit.Ones)), iterations);
    }
}
