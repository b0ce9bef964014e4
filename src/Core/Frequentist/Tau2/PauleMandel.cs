namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The Paule-Mandel estimator. Code <c>PM</c>.</summary>
/// <remarks>
/// τ̂² solves the generalized Q equation Σ(yᵢ - xᵢ'b)²/(vᵢ + τ²) = k - p, and is 0 when the equal-effects
/// Q is already below k - p. metafor brackets the root in [0, 100] for uniroot; the root is unique (Q
/// decreases in τ²), and it is found here by <see cref="MetaRegressionProblem.SolveGeneralizedQ"/>
/// without an upper bound. SE = √(2k²/(k - p)) / Σwᵢ, wᵢ = 1/(vᵢ + τ̂²).
/// </remarks>
public sealed class PauleMandel : ITau2Estimator
{
    /// <inheritdoc />
    public string Code => "PM";

    /// <inheritdoc />
    public bool EstimatesHeterogeneity => true;

    /// <inheritdoc />
    public Tau2Estimate Estimate(MetaRegressionProblem problem) => Solve(problem);

    /// <summary>The root of Q(τ²) = k - p (0 when Q(0) is already below), with its standard error; shared with EB.</summary>
    internal static Tau2Estimate Solve(MetaRegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var target = problem.K - problem.P;
        var (tau2, iterations) = problem.GeneralizedQ(0.0) < target
            ? (0.0, 0)
            : problem.SolveGeneralizedQ(target, 0.0);
        return new Tau2Estimate(tau2, StandardError(problem.FitAt(tau2)), iterations);
    }

    /// <summary>metafor's standard error of the EB and PM estimators, from the workspace fitted at the estimate.</summary>
    internal static double StandardError(WeightedProjection fit)
    {
        double k = fit.K;
        return Math.Sqrt(2.0 * k * k / (k - fit.P)) / fit.SumOfWeights;
    }
}
