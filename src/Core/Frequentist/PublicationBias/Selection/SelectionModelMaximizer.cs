using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// Maximizes a selection model's log-likelihood over (β, τ², δ) within their bounds by a modified Newton
/// method on unconstrained coordinates, with a finite-difference Hessian of the analytic gradient.
/// </summary>
/// <remarks>
/// <para>Coordinates: β as they are, τ² = e^θ, δ = lo + (hi - lo)/(1 + e^-θ). Newton's step uses the
/// Hessian with its eigenvalues made negative (|λ| floored at 1e-10 of the largest) so every step goes
/// uphill, and a backtracking line search keeps it there. Newton converges quadratically, which the
/// references need: metafor's BFGS at its default settings stops 1e-6 to 1e-5 (relative) short, the cases
/// were computed far past that.</para>
/// <para>Bounds: a parameter whose coordinate runs to the edge (τ² below 1e-10 of the mean sampling
/// variance, δ within 1e-10 of the width of its range from a bound) is fixed there for the rest of the
/// search, an active set that is never released.</para>
/// </remarks>
internal static class SelectionModelMaximizer
{
    private const int MaximumIterations = 300;

    /// <summary>The maximizer, the parameters fixed at a bound, and the iterations taken.</summary>
    public static (double[] Estimate, bool[] AtBound, int Iterations) Maximize(
        GradientFunction logLikelihood, double[] start, double[] lower, double[] upper, double tau2Scale)
    {
        var n = start.Length;
        var x = start.ToArray();
        var atBound = new bool[n];
        var gradient = new double[n];
        var iterations = 0;
        while (iterations < MaximumIterations)
        {
            iterations++;
            var free = Enumerable.Range(0, n).Where(j => !atBound[j]).ToArray();
            if (free.Length == 0)
            {
                break;
            }

            var theta = free.Select(j => ToCoordinate(x[j], lower[j], upper[j])).ToArray();
            double Transformed(ReadOnlySpan<double> coordinates, Span<double> transformedGradient)
            {
                var point = x.ToArray();
                for (var f = 0; f < free.Length; f++)
                {
                    point[free[f]] = FromCoordinate(coordinates[f], lower[free[f]], upper[free[f]]);
                }

                var value = logLikelihood(point, gradient);
                for (var f = 0; f < free.Length; f++)
                {
                    var j = free[f];
                    transformedGradient[f] = gradient[j] * Jacobian(point[j], coordinates[f], lower[j], upper[j]);
                }

                return value;
            }

            var g = new double[free.Length];
            var current = Transformed(theta, g);
            if (!double.IsFinite(current))
            {
                throw new ConvergenceException("the selection model's log-likelihood is not finite at the start of the search");
            }

            // A variance within 1e-6 of its scale from 0 whose likelihood still rises towards 0 goes there: on the
            // log scale its curvature vanishes next to the other parameters', so Newton would only crawl on.
            // (The evaluation above left the gradient in the parameters' own scale in `gradient`.)
            var pushed = free.Where(j => double.IsPositiveInfinity(upper[j]) && !double.IsNegativeInfinity(lower[j]) && x[j] - lower[j] < 1e-6 * tau2Scale && gradient[j] < 0).ToArray();
            if (pushed.Length > 0)
            {
                foreach (var j in pushed)
                {
                    (x[j], atBound[j]) = (lower[j], true);
                }

                continue;
            }

            var hessian = FiniteDifferenceHessian.Compute(Transformed, theta, theta.Select(t => 1e-5 * (1 + Math.Abs(t))).ToArray());
            var step = AscentStep(hessian, g, out var decrement);
            if (decrement < 1e-22)
            {
                break;
            }

            var largest = step.Max(Math.Abs);
            if (largest > 5)
            {
                for (var f = 0; f < step.Length; f++)
                {
                    step[f] *= 5 / largest;
                }
            }

            var slope = g.Zip(step, (a, b) => a * b).Sum();
            var length = 1.0;
            double[] candidate;
            var scratch = new double[free.Length];
            while (true)
            {
                candidate = theta.Select((t, f) => t + (length * step[f])).ToArray();
                var value = Transformed(candidate, scratch);
                if (double.IsFinite(value) && value >= current + (1e-4 * length * slope))
                {
                    break;
                }

                length /= 2;
                if (length < 1e-12)
                {
                    candidate = theta;
                    break;
                }
            }

            var moved = false;
            var newlyFixed = false;
            for (var f = 0; f < free.Length; f++)
            {
                var j = free[f];
                var value = FromCoordinate(candidate[f], lower[j], upper[j]);
                moved |= Math.Abs(candidate[f] - theta[f]) > 1e-12 * (1 + Math.Abs(theta[f]));
                x[j] = value;
                if (AtLowerEdge(value, lower[j], upper[j], tau2Scale))
                {
                    (x[j], atBound[j], newlyFixed) = (lower[j], true, true);
                }
                else if (AtUpperEdge(value, lower[j], upper[j]))
                {
                    (x[j], atBound[j], newlyFixed) = (upper[j], true, true);
                }
            }

            if (!moved && !newlyFixed)
            {
                break;
            }
        }

        if (iterations == MaximumIterations)
        {
            throw new ConvergenceException($"the selection model's maximum-likelihood search did not converge in {MaximumIterations} iterations");
        }

        return (x, atBound, iterations);
    }

    /// <summary>The modified Newton step -H̃⁻¹g (H̃ = H with eigenvalues made negative) and the decrement g'(-H̃)⁻¹g.</summary>
    private static double[] AscentStep(double[,] hessian, double[] gradient, out double decrement)
    {
        var h = Matrix<double>.Build.DenseOfArray(hessian);
        var evd = h.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var floor = Math.Max(values.Max(Math.Abs) * 1e-10, 1e-300);
        var vectors = evd.EigenVectors;
        var g = Vector<double>.Build.DenseOfArray(gradient);
        var step = Vector<double>.Build.Dense(gradient.Length);
        decrement = 0;
        for (var e = 0; e < values.Length; e++)
        {
            var curvature = Math.Max(Math.Abs(values[e]), floor);
            var projection = vectors.Column(e).DotProduct(g);
            step += vectors.Column(e) * (projection / curvature);
            decrement += projection * projection / curvature;
        }

        return step.ToArray();
    }

    private static double ToCoordinate(double value, double lower, double upper) =>
        double.IsNegativeInfinity(lower) ? value
        : double.IsPositiveInfinity(upper) ? Math.Log(value - lower)
        : Math.Log((value - lower) / (upper - value));

    private static double FromCoordinate(double coordinate, double lower, double upper) =>
        double.IsNegativeInfinity(lower) ? coordinate
        : double.IsPositiveInfinity(upper) ? lower + Math.Exp(coordinate)
        : lower + ((upper - lower) / (1 + Math.Exp(-coordinate)));

    /// <summary>d value / d coordinate.</summary>
    private static double Jacobian(double value, double coordinate, double lower, double upper) =>
        double.IsNegativeInfinity(lower) ? 1
        : double.IsPositiveInfinity(upper) ? Math.Exp(coordinate)
        : (value - lower) * (upper - value) / (upper - lower);

    private static bool AtLowerEdge(double value, double lower, double upper, double tau2Scale) =>
        !double.IsNegativeInfinity(lower) && value - lower < 1e-10 * (double.IsPositiveInfinity(upper) ? tau2Scale : upper - lower);

    private static bool AtUpperEdge(double value, double lower, double upper) =>
        !double.IsPositiveInfinity(upper) && !double.IsNegativeInfinity(lower) && upper - value < 1e-10 * (upper - lower);
}
