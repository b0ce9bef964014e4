namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// The full and restricted log-likelihoods of a normal model y ~ N(Xβ, V) with β profiled out by
/// generalized least squares, with every constant metafor's <c>logLik</c> keeps.
/// </summary>
/// <remarks>
/// ML: ℓ = -½k log 2π - ½ log|V| - ½ r'V⁻¹r.
/// REML (metafor's, including the ½ log|X'X| term): ℓ_R = -½(k - p) log 2π + ½ log|X'X| - ½ log|V|
/// - ½ log|X'V⁻¹X| - ½ r'V⁻¹r, with r = y - Xb and b the generalized least-squares estimate.
/// In the univariate random-effects model V = diag(vᵢ + τ²).
/// </remarks>
public static class LogLikelihood
{
    /// <summary>The full (<paramref name="restricted"/> false) or restricted log-likelihood of the random-effects model at <paramref name="tau2"/>.</summary>
    public static double Compute(MetaRegressionProblem problem, double tau2, bool restricted)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var logDeterminantOfCrossProduct = restricted ? problem.LogDeterminantOfCrossProduct : 0.0;
        var fit = problem.FitAt(tau2);
        var logDeterminantOfV = 0.0;
        foreach (var v in problem.Vi)
        {
            logDeterminantOfV += Math.Log(v + tau2);
        }

        return restricted
            ? Restricted(problem.K, problem.P, logDeterminantOfV, logDeterminantOfCrossProduct, fit.LogDeterminantOfInformation, fit.ResidualQuadraticForm)
            : Full(problem.K, logDeterminantOfV, fit.ResidualQuadraticForm);
    }

    /// <summary>ℓ = -½k log 2π - ½ log|V| - ½ r'V⁻¹r.</summary>
    internal static double Full(int k, double logDeterminantOfV, double residualQuadraticForm) =>
        (-0.5 * k * Math.Log(2.0 * Math.PI)) - (0.5 * logDeterminantOfV) - (0.5 * residualQuadraticForm);

    /// <summary>ℓ_R = -½(k - p) log 2π + ½ log|X'X| - ½ log|V| - ½ log|X'V⁻¹X| - ½ r'V⁻¹r.</summary>
    internal static double Restricted(
        int k, int p, double logDeterminantOfV, double logDeterminantOfCrossProduct, double logDeterminantOfInformation, double residualQuadraticForm) =>
        (-0.5 * (k - p) * Math.Log(2.0 * Math.PI)) + (0.5 * logDeterminantOfCrossProduct) - (0.5 * logDeterminantOfV)
        - (0.5 * logDeterminantOfInformation) - (0.5 * residualQuadraticForm);
}
