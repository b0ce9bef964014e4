namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The maximum-likelihood estimator. Code <c>ML</c>.</summary>
/// <remarks>
/// The τ² ≥ 0 with the highest log-likelihood (<see cref="ProfileLikelihoodMaximizer"/>): the root of the
/// score y'PPy - Σwᵢ, wᵢ = 1/(vᵢ + τ²), where that is the global maximum, else 0. metafor's Fisher scoring
/// reaches the same point whenever it converges to the global maximum. SE = √(2 / Σwᵢ²) at the estimate.
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
        var (tau2, iterations) = ProfileLikelihoodMaximizer.Maximize(problem, restricted: false, Code);
        var fit = problem.FitAt(tau2);
        return new Tau2Estimate(tau2, Math.Sqrt(2.0 / fit.SumOfSquaredWeights), iterations);
    }
}
