namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The empirical Bayes (Morris) estimator. Code <c>EB</c>.</summary>
/// <remarks>
/// metafor iterates Δ = (y'Py k/(k - p) - k) / Σwᵢ, wᵢ = 1/(vᵢ + τ²), from the Hedges-Olkin estimate; its
/// fixed point solves y'Py = k - p, the Paule-Mandel equation, whose root is unique, and it stops at 0
/// when the root is negative. The estimate is therefore the Paule-Mandel root, found by the bracketed
/// Newton iteration that cannot cycle. SE = √(2k²/(k - p)) / Σwᵢ at the estimate.
/// </remarks>
public sealed class EmpiricalBayes : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "EB";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem) => PauleMandel.Solve(problem);
}
