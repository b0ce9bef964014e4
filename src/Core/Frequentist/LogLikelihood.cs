namespace MetaAnalysis.Core.Frequentist;

/// <summary>The full and restricted log-likelihoods of the normal (mixed-effects) meta-analysis model at a given τ².</summary>
/// <remarks>
/// ML: ℓ = -½k log 2π - ½Σ log(vᵢ + τ²) - ½ Σ(yᵢ - xᵢ'b)²/(vᵢ + τ²).
/// REML (metafor's, including the ½ log|X'X| term): ℓ_R = -½(k - p) log 2π + ½ log|X'X| - ½Σ log(vᵢ + τ²)
/// - ½ log|X'WX| - ½ Σ(yᵢ - xᵢ'b)²/(vᵢ + τ²), with b the weighted estimate at τ².
/// </remarks>
public static class LogLikelihood
{
    /// <summary>The full (<paramref name="restricted"/> false) or restricted log-likelihood at <paramref name="tau2"/>.</summary>
    public static double Compute(MetaRegressionProblem problem, double tau2, bool restricted)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var logDetCrossProduct = restricted ? problem.LogDeterminantOfCrossProduct : 0.0;
        var fit = problem.FitAt(tau2);
        var sumLog = 0.0;
        foreach (var v in problem.Vi)
        {
            sumLog += Math.Log(v + tau2);
        }

        var log2Pi = Math.Log(2.0 * Math.PI);
        return restricted
            ? (-0.5 * (problem.K - problem.P) * log2Pi) + (0.5 * logDetCrossProduct) - (0.5 * sumLog) - (0.5 * fit.LogDeterminantOfInformation) - (0.5 * fit.ResidualQuadraticForm)
            : (-0.5 * problem.K * log2Pi) - (0.5 * sumLog) - (0.5 * fit.ResidualQuadraticForm);
    }
}
