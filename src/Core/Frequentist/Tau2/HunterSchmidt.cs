namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The Hunter-Schmidt estimator. Code <c>HS</c>.</summary>
/// <remarks>
/// With W = diag(1/vᵢ) and P as for DL: τ̂² = (y'Py - k) / Σwᵢ, truncated at 0 (metafor keeps k, not
/// k - p, with moderators too). SE² = (2(k - p) + 4τ̂² tr(P) + 2τ̂⁴ tr(PP)) / (Σwᵢ)².
/// </remarks>
public sealed class HunterSchmidt : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "HS";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var fit = problem.FitEqualEffects();
        var sumOfWeights = fit.SumOfWeights;
        var tau2 = Math.Max(0.0, (fit.ResidualQuadraticForm - problem.K) / sumOfWeights);
        var df = problem.K - problem.P;
        var traceSquared = fit.TraceOfProduct(fit.Ones, fit.Ones);
        var variance = ((2.0 * df) + (4.0 * tau2 * fit.TraceP) + (2.0 * tau2 * tau2 * traceSquared)) / (sumOfWeights * sumOfWeights);
        return new Tau2Estimate(tau2, Math.Sqrt(variance), 0);
    }
}
