using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace MetaAnalysis.Core.Optimization;

/// <summary>
/// Maximizes a smooth function with an analytic gradient: BFGS (MathNet) from the start, then Newton
/// steps on the numerical Hessian of the gradient until the Newton decrement is negligible.
/// </summary>
/// <remarks>
/// The polish matters on flat likelihoods (a coefficient with a standard error of 15): BFGS stops on a
/// gradient norm, which there still leaves the argument off in the 4th digit, while Newton on the
/// Hessian reaches the maximizer to ~1e-10 standard errors. The decrement g'H⁻¹g is in units of the
/// function (log-likelihood units), so the criterion does not depend on how the parameters are scaled.
/// Used by models whose figures are defined at the exact maximum of a likelihood and whose standard
/// errors come from its Hessian (metafor's numerical-Hessian standard errors).
/// </remarks>
internal static class PolishedMaximizer
{
    private const int MaxNewtonIterations = 100;
    private const double NewtonDecrementTolerance = 1e-18;

    /// <summary>The maximizer of <paramref name="function"/> from <paramref name="start"/>, and whether the Newton criterion was met at a proper (negative definite) maximum.</summary>
    public static (double[] Argument, bool Converged) Maximize(Func<double[], (double Value, double[] Gradient)> function, double[] start)
    {
        var x = Bfgs(function, start) ?? start;
        var current = function(x);
        if (!double.IsFinite(current.Value))
        {
            (x, current) = (start, function(start));
        }

        for (var iteration = 0; iteration < MaxNewtonIterations; iteration++)
        {
            var negativeHessian = NegativeHessian(function, x);
            var gradient = Vector<double>.Build.DenseOfArray(current.Gradient);
            var proper = PositiveDefinite(negativeHessian);
            var direction = proper ? negativeHessian.Cholesky().Solve(gradient) : gradient;
            var decrement = gradient.DotProduct(direction);
            if (decrement < NewtonDecrementTolerance)
            {
                return (x, proper);
            }

            var accepted = false;
            for (var t = 1.0; t > 1e-10 && !accepted; t /= 2)
            {
                var trial = x.Select((a, c) => a + (t * direction[c])).ToArray();
                var next = function(trial);
                if (next.Value >= current.Value)
                {
                    (x, current, accepted) = (trial, next, true);
                }
            }

            if (!accepted)
            {
                // No ascent along the Newton direction: the maximizer to working precision if the step was tiny anyway.
                return (x, proper && decrement < 1e-10);
            }
        }

        return (x, false);
    }

    /// <summary>
    /// -∂²f/∂x² by central differences of the analytic gradient, step 1e-5 (scaled by |x_c| above 1):
    /// its error is of order h² times the third derivative, far below the figures' tolerances.
    /// </summary>
    public static Matrix<double> NegativeHessian(Func<double[], (double Value, double[] Gradient)> function, IReadOnlyList<double> x)
    {
        var q = x.Count;
        var hessian = Matrix<double>.Build.Dense(q, q);
        for (var c = 0; c < q; c++)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(x[c]));
            var up = x.ToArray();
            var down = x.ToArray();
            up[c] += h;
            down[c] -= h;
            var gradientUp = function(up).Gradient;
            var gradientDown = function(down).Gradient;
            for (var r = 0; r < q; r++)
            {
                hessian[r, c] = -(gradientUp[r] - gradientDown[r]) / (2 * h);
            }
        }

        return 0.5 * (hessian + hessian.Transpose());
    }

    private static double[]? Bfgs(Func<double[], (double Value, double[] Gradient)> function, double[] start)
    {
        var objective = ObjectiveFunction.Gradient(
            a => -function(a.ToArray()).Value,
            a => -Vector<double>.Build.DenseOfArray(function(a.ToArray()).Gradient));
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

    private static bool PositiveDefinite(Matrix<double> matrix) =>
        matrix.Evd(Symmetricity.Symmetric).EigenValues.All(v => v.Real > 0);
}
