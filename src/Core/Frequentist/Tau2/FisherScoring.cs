using System.Globalization;

namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>
/// metafor's Fisher scoring for the likelihood-based estimators (ML, REML, EB): from the truncated HE
/// estimate, τ² ← τ² + Δ(τ²) with the step halved while it would cross 0, until the step is negligible.
/// </summary>
/// <remarks>
/// metafor stops when |Δ| &lt; 1e-5; the reference figures were converged far past that, so here the
/// iteration runs until |Δ| ≤ 1e-11 (τ² + v̄), v̄ the mean sampling variance (a scale for τ²), which is
/// at the rounding level of the step itself.
/// </remarks>
internal static class FisherScoring
{
    internal const int MaximumIterations = 1000;

    internal const double RelativeTolerance = 1e-11;

    /// <summary>Runs the iteration; <paramref name="step"/> gives Δ from the workspace fitted at the current τ².</summary>
    public static (double Tau2, int Iterations) Run(MetaRegressionProblem problem, string method, Func<WeightedProjection, double> step)
    {
        var tau2 = Math.Max(0.0, HedgesOlkin.Untruncated(problem));
        var scale = MeanVariance(problem);
        for (var iteration = 1; iteration <= MaximumIterations; iteration++)
        {
            var adjustment = step(problem.FitAt(tau2));
            if (double.IsNaN(adjustment))
            {
                adjustment = 0;
            }

            if (tau2 + adjustment < 0)
            {
                // At the boundary a step towards negative values means the maximum is at 0.
                if (tau2 <= 0)
                {
                    return (0.0, iteration);
                }

                while (tau2 + adjustment < 0)
                {
                    adjustment /= 2;
                }
            }

            tau2 += adjustment;
            if (Math.Abs(adjustment) <= RelativeTolerance * (tau2 + scale))
            {
                return (tau2, iteration);
            }
        }

        throw new ConvergenceException(string.Create(CultureInfo.InvariantCulture, $"Fisher scoring for the {method} estimate of τ² did not converge in {MaximumIterations} iterations"));
    }

    internal static double MeanVariance(MetaRegressionProblem problem)
    {
        var sum = 0.0;
        foreach (var v in problem.Vi)
        {
            sum += v;
        }

        return sum / problem.K;
    }
}
