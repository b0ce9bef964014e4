namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The restricted (residual) maximum-likelihood estimator. Code <c>REML</c>.</summary>
/// <remarks>
/// Fisher scoring (<see cref="FisherScoring"/>) with Δ = (y'PPy - tr(P)) / tr(PP), P = W - WX(X'WX)⁻¹X'W,
/// W = diag(1/(vᵢ + τ²)): the REML score divided by its expected information. Then, as metafor, τ² is set
/// to 0 when the restricted log-likelihood at 0 is higher. SE = √(2 / tr(PP)) at the estimate.
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
        var (tau2, iterations) = FisherScoring.Run(problem, Code, static fit => (fit.ProjectedQuadraticForm - fit.TraceP) / fit.TraceOfProduct(fit.Ones, fit.Ones));
        tau2 = LikelihoodAtZeroCheck.Apply(problem, tau2, restricted: true);
        var fit = problem.FitAt(tau2);
        return new Tau2Estimate(tau2, Math.Sqrt(2.0 / fit.TraceOfProduct(fit.Ones, fit.Ones)), iterations);
    }
}
