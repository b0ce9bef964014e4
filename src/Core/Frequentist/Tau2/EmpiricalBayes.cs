namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The empirical Bayes (Morris) estimator. Code <c>EB</c>.</summary>
/// <remarks>
/// Fisher scoring (<see cref="FisherScoring"/>) with metafor's step Δ = (y'Py k/(k - p) - k) / Σwᵢ,
/// wᵢ = 1/(vᵢ + τ²), whose fixed point solves y'Py = k - p (so it coincides with Paule-Mandel).
/// SE = √(2k²/(k - p)) / Σwᵢ at the estimate.
/// </remarks>
public sealed class EmpiricalBayes : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "EB";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (tau2, iterations) = FisherScoring.Run(problem, Code, static fit =>
        {
            double k = fit.K;
            return ((fit.ResidualQuadraticForm * k / (k - fit.P)) - k) / fit.SumOfWeights;
        });
        var fit = problem.FitAt(tau2);
        return new Tau2Estimate(tau2, PauleMandel.StandardError(fit), iterations);
    }
}
