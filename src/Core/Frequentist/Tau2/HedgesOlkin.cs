namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The Hedges (Hedges-Olkin) unweighted method-of-moments estimator. Code <c>HE</c>.</summary>
/// <remarks>
/// With the ordinary least-squares projection P = I - X(X'X)⁻¹X' and V = diag(vᵢ):
/// τ̂² = (y'Py - tr(PV)) / (k - p), truncated at 0.
/// SE² = (2 tr(PVPV) + 4τ̂² tr(PV) + 2τ̂⁴(k - p)) / (k - p)². It is also the starting value of the
/// ML, REML and EB iterations.
/// </remarks>
public sealed class HedgesOlkin : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "HE";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var tau2 = Math.Max(0.0, Untruncated(problem));
        var fit = problem.Projection;
        var df = problem.K - problem.P;
        var traceVariance = fit.Trace(problem.Vi);
        var traceSquared = fit.TraceOfProduct(problem.Vi, problem.Vi);
        var variance = ((2.0 * traceSquared) + (4.0 * tau2 * traceVariance) + (2.0 * tau2 * tau2 * df)) / ((double)df * df);
        return new Tau2Estimate(tau2, Math.Sqrt(variance), 0);
    }

    /// <summary>The estimate before truncation; leaves the workspace at the unweighted fit.</summary>
    internal static double Untruncated(MetaRegressionProblem problem)
    {
        var fit = problem.FitUnweighted();
        return (fit.ResidualQuadraticForm - fit.Trace(problem.Vi)) / (problem.K - problem.P);
    }
}
