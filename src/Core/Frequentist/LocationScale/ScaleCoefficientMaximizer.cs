using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>
/// Maximizes the location-scale log-likelihood over α: BFGS on the analytic gradient (MathNet), then
/// Newton steps on the numerical Hessian of that gradient until the Newton decrement is negligible.
/// </summary>
/// <remarks>
/// The polish matters because the scale likelihood can be very flat (a scale coefficient with a
/// standard error of 15): BFGS stops on a gradient norm, which there still leaves α off in the 4th
/// digit, while Newton on the Hessian reaches the maximizer to ~1e-10 standard errors. The decrement
/// g'H⁻¹g is in log-likelihood units, so the criterion does not depend on how the scale moderators
/// are measured.
/// </remarks>
internal static class ScaleCoefficientMaximizer
{
    private const int MaxNewtonIterations = 100;
    private const double NewtonDecrementTolerance = 1e-18;

    public static (double[] Alpha, bool Converged) Maximize(LocationScaleLikelihood likelihood, double[] start)
    {
        var alpha = Bfgs(likelihood, start) ?? start;
        var current = likelihood.Evaluate(alpha);
        for (var iteration = 0; iteration < MaxNewtonIterations; iteration++)
        {
            var negativeHessian = NegativeHessian(likelihood, alpha);
            var gradient = Vector<double>.Build.DenseOfEnumerable(current.Gradient);
            var direction = PositiveDefinite(negativeHessian) ? negativeHessian.Cholesky().Solve(gradient) : gradient;
            var decrement = gradient.DotProduct(direction);
            if (decrement < NewtonDecrementTolerance)
            {
                return (alpha, PositiveDefinite(negativeHessian));
            }

            var accepted = false;
            for (var t = 1.0; t > 1e-10 && !accepted; t /= 2)
            {
                var trial = alpha.Select((a, c) => a + (t * direction[c])).ToArray();
                var next = likelihood.Evaluate(trial);
                if (next.LogLikelihood >= current.LogLikelihood)
                {
                    (alpha, current, accepted) = (trial, next, true);
                }
            }

            if (!accepted)
            {
                // No ascent along the Newton direction: the maximizer to working precision if the step was tiny anyway.
                return (alpha, decrement < 1e-10);
            }
        }

        return (alpha, false);
    }

    /// <summary>
    /// -∂²ℓ/∂α² by central differences of the analytic gradient, step 1e-5 (scaled by |α_c| above 1):
    /// its error is of order h² times the third derivative, far below the figures' tolerances.
    /// </summary>
    public static Matrix<double> NegativeHessian(LocationScaleLikelihood likelihood, IReadOnlyList<double> alpha)
    {
        var q = alpha.Count;
        var hessian = Matrix<double>.Build.Dense(q, q);
        for (var c = 0; c < q; c++)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(alpha[c]));
            var up = alpha.ToArray();
            var down = alpha.ToArray();
            up[c] += h;
            down[c] -= h;
            var gradientUp = likelihood.Evaluate(up).Gradient;
            var gradientDown = likelihood.Evaluate(down).Gradient;
            for (var r = 0; r < q; r++)
            {
                hessian[r, c] = -(gradientUp[r] - gradientDown[r]) / (2 * h);
            }
        }

        return 0.5 * (hessian + hessian.Transpose());
    }

    private static double[]? Bfgs(LocationScaleLikelihood likelihood, double[] start)
    {
        var objective = ObjectiveFunction.Gradient(
            a => -likelihood.Evaluate(a.ToArray()).LogLikelihood,
            a => -Vector<double>.Build.DenseOfEnumerable(likelihood.Evaluate(a.ToArray()).Gradient));
        try
        {
            var result = new BfgsMinimizer(1e-8, 1e-12, 1e-12, 2000).FindMinimum(objective, Vector<double>.Build.DenseOfArray(start));
            return result.MinimizingPoint.ToArray();
        }
        catch (Exception ex) when (ex is OptimizationException or NonConvergenceException or ArithmeticException)
        {
            // The Newton polish starts from the start then; BFGS failing is not yet a failed fit.
            return null;
        }
    }

    private static bool PositiveDefinite(Matrix<double> matrix)
    {
        var values = matrix.Evd(Symmetricity.Symmetric).EigenValues;
        return values.All(v => v.Real > 0);
    }
}
