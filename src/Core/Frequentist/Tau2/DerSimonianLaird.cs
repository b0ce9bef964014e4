namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The DerSimonian-Laird method-of-moments estimator. Code <c>DL</c>.</summary>
/// <remarks>
/// With W = diag(1/vᵢ) and P = W - WX(X'WX)⁻¹X'W: τ̂² = (y'Py - (k - p)) / tr(P), truncated at 0.
/// SE² = (2(k - p) + 4τ̂² tr(P) + 2τ̂⁴ tr(PP)) / tr(P)².
/// </remarks>
public sealed class DerSimonianLaird : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "DL";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var fit = problem.FitEqualEffects();
        var df = problem.K - problem.P;
        var traceP = fit.TraceP;
        var tau2 = Math.Max(0.0, (fit.ResidualQuadraticForm - df) / traceP);
        var traceSquared = fit.TraceOfProduct(fit.Ones, fit.Ones);
        var variance = ((2.0 * df) + (4.0 * tau2 * traceP) + (2.0 * tau2 * tau2 * traceSquared)) / (traceP * traceP);
        return new Tau2Estimate(tau2, Math.Sqrt(variance), 0);
    }
}
