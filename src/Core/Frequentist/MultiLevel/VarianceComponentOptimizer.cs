namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// Maximizes the three-level (restricted) log-likelihood over (σ²_between, σ²_within) ≥ 0 by projected
/// Newton-Raphson with the analytic Hessian, falling back to Fisher scoring where the Hessian is not
/// negative definite, with step halving so that every accepted step does not lower the likelihood.
/// </summary>
/// <remarks>
/// A component sitting at 0 whose gradient points below 0 is held there (the bound is active); a
/// fixed component is never moved. Iteration stops on the score, not on the step: when the Newton
/// decrement g'd (d the step, so g'd/2 is the rise still to come) is below 1e-20, that is when the
/// estimate is within 1e-10 standard errors of the maximizer — a criterion free of the scale of the
/// sampling variances, far past metafor's default tolerances.
/// </remarks>
internal static class VarianceComponentOptimizer
{
    private const int MaxIterations = 200;
    private const double NewtonDecrementTolerance = 1e-20;

    public static (double[] Estimate, int Iterations, bool Converged) Maximize(
        ThreeLevelLikelihood likelihood, bool restricted, double[] start, bool[] isFixed, double scale)
    {
        var theta = (double[])start.Clone();
        var current = likelihood.Derivatives(theta[0], theta[1], restricted);
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            var free = Enumerable.Range(0, 2)
                .Where(c => !isFixed[c] && !(theta[c] <= 0 && current.Gradient[c] <= 0))
                .ToArray();
            if (free.Length == 0)
            {
                return (theta, iteration - 1, true);
            }

            var direction = Direction(current, free);
            var decrement = free.Sum(c => current.Gradient[c] * direction[c]);
            if (decrement <= NewtonDecrementTolerance)
            {
                return (theta, iteration - 1, decrement >= 0 || ProjectedGradientIsNegligible(current, theta, isFixed, scale));
            }

            var accepted = false;
            var trial = theta;
            ThreeLevelDerivatives? next = null;
            for (var t = 1.0; t > 1e-12; t /= 2)
            {
                trial = (double[])theta.Clone();
                foreach (var c in free)
                {
                    trial[c] = Math.Max(0, theta[c] + (t * direction[c]));
                }

                next = likelihood.Derivatives(trial[0], trial[1], restricted);
                if (next.LogLikelihood >= current.LogLikelihood - (1e-13 * Math.Max(1, Math.Abs(current.LogLikelihood))))
                {
                    accepted = true;
                    break;
                }
            }

            if (!accepted)
            {
                // No ascent along a descent-free direction: the current point is the maximizer to
                // working precision when the projected gradient is negligible.
                return (theta, iteration, ProjectedGradientIsNegligible(current, theta, isFixed, scale));
            }

            theta = trial;
            current = next!;
        }

        return (theta, MaxIterations, false);
    }

    private static double[] Direction(ThreeLevelDerivatives derivatives, int[] free)
    {
        var direction = new double[2];
        if (free.Length == 1)
        {
            var c = free[0];
            var curvature = -derivatives.Hessian[c, c];
            if (!(curvature > 0))
            {
                curvature = derivatives.FisherInformation[c, c];
            }

            direction[c] = derivatives.Gradient[c] / curvature;
            return direction;
        }

        var solved = Solve(Negate(derivatives.Hessian), derivatives.Gradient)
            ?? Solve(derivatives.FisherInformation, derivatives.Gradient)
            ?? [derivatives.Gradient[0], derivatives.Gradient[1]];
        return solved;
    }

    /// <summary>Solves the 2 x 2 system when the matrix is positive definite, else null.</summary>
    private static double[]? Solve(double[,] matrix, IReadOnlyList<double> rhs)
    {
        var a = matrix[0, 0];
        var b = matrix[0, 1];
        var d = matrix[1, 1];
        var determinant = (a * d) - (b * b);
        if (!(a > 0) || !(determinant > 1e-14 * a * d))
        {
            return null;
        }

        return [((d * rhs[0]) - (b * rhs[1])) / determinant, ((a * rhs[1]) - (b * rhs[0])) / determinant];
    }

    private static double[,] Negate(double[,] matrix) =>
        new[,] { { -matrix[0, 0], -matrix[0, 1] }, { -matrix[1, 0], -matrix[1, 1] } };

    private static bool ProjectedGradientIsNegligible(ThreeLevelDerivatives derivatives, double[] theta, bool[] isFixed, double scale)
    {
        for (var c = 0; c < 2; c++)
        {
            if (isFixed[c] || (theta[c] <= 0 && derivatives.Gradient[c] <= 0))
            {
                continue;
            }

            // The log-likelihood changes by g·Δ; a change below 1e-10 over the component's own size is noise.
            if (Math.Abs(derivatives.Gradient[c]) * Math.Max(theta[c], scale) > 1e-8)
            {
                return false;
            }
        }

        return true;
    }
}
