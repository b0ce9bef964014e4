namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The Sidik-Jonkman estimator. Code <c>SJ</c>.</summary>
/// <remarks>
/// The start τ₀² = Σ(yᵢ - ȳ)²/k is the variance of the raw effects around their plain mean (also with
/// moderators, as metafor). With W = diag(1/(vᵢ + τ₀²)) and P = W - WX(X'WX)⁻¹X'W:
/// τ̂² = τ₀² y'Py / (k - p). SE² = τ₀⁴ (2 tr(PVPV) + 4τ̂² tr(PVP) + 2τ̂⁴ tr(PP)) / (k - p)².
/// </remarks>
public sealed class SidikJonkman : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "SJ";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var y = problem.Yi;
        var mean = 0.0;
        foreach (var value in y)
        {
            mean += value;
        }

        mean /= y.Length;
        var start = 0.0;
        foreach (var value in y)
        {
            start += (value - mean) * (value - mean);
        }

        start /= y.Length;
        var fit = problem.FitAt(start);
        var df = problem.K - problem.P;
        var tau2 = Math.Max(0.0, start * fit.ResidualQuadraticForm / df);
        var vi = problem.Vi;
        var variance = ((2.0 * fit.TraceOfProduct(vi, vi)) + (4.0 * tau2 * fit.TraceOfProduct(vi, fit.Ones)) + (2.0 * tau2 * tau2 * fit.TraceOfProduct(fit.Ones, fit.Ones)))
            * start * start / ((double)df * df);
        return new Tau2Estimate(tau2, Math.Sqrt(variance), 0);
    }
}
