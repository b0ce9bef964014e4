namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The maximum-likelihood estimator. Code <c>ML</c>.</summary>
/// <remarks>
/// Fisher scoring (<see cref="FisherScoring"/>) with metafor's step Δ = (y'PPy - Σwᵢ) / Σwᵢ², wᵢ = 1/(vᵢ + τ²),
/// whose fixed point solves the ML score equation y'PPy = tr(W). Then, as metafor, τ² is set to 0 when
/// the log-likelihood at 0 is higher (a local maximum). SE = √(2 / Σwᵢ²) at the estimate.
/// </remarks>
public sealed class MaximumLikelihood : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "ML";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (tau2, iterations) = FisherScoring.Run(problem, Code, static fit => (fit.ProjectedQuadraticForm - fit.SumOfWeights) / fit.SumOfSquaredWeights);
        tau2 = LikelihoodAtZeroCheck.Apply(problem, tau2, restricted: false);
        var fit = problem.FitAt(tau2);
        return new Tau2Estimate(tau2, Math.Sqrt(2.0 / fit.SumOfSquaredWeights), iterations);
    }
}
