using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The mode of a log density on unconstrained coordinates and the curvature there: the centre and scale of
/// the Laplace approximation that adaptive Gauss–Hermite quadrature and the importance sampler build on.
/// </summary>
/// <remarks>
/// Damped Newton ascent (Levenberg–Marquardt: −H + λI until it is positive definite, steps halved until the
/// density rises) with central finite-difference gradients and Hessians. The densities of the ensemble have
/// at most a handful of coordinates, so the 2d² + 1 evaluations of a Hessian cost less than writing and
/// checking analytic second derivatives for every member; the quadrature only needs the Hessian as a good
/// scale, not to full precision.
/// </remarks>
public sealed class PosteriorMode
{
    private const double GradientStep = 1e-5;
    private const double HessianStep = 1e-3;
    private const int MaximumIterations = 200;

    private PosteriorMode(double[] location, double logDensity, Matrix<double> covariance, Matrix<double> scale, int evaluations, bool converged)
    {
        Location = location;
        LogDensity = logDensity;
        Covariance = covariance;
        Scale = scale;
        Evaluations = evaluations;
        Converged = converged;
    }

    /// <summary>The mode, on unconstrained coordinates.</summary>
    public double[] Location { get; }

    /// <summary>The log density at the mode.</summary>
    public double LogDensity { get; }

    /// <summary>(−H)⁻¹, the Laplace approximation's covariance.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>The lower Cholesky factor L of <see cref="Covariance"/> (Σ = L Lᵀ).</summary>
    public Matrix<double> Scale { get; }

    /// <summary>Density evaluations spent.</summary>
    public int Evaluations { get; }

    /// <summary>Whether the Newton decrement fell below its tolerance.</summary>
    public bool Converged { get; }

    /// <summary>log |det L|.</summary>
    public double LogDeterminantScale => Enumerable.Range(0, Location.Length).Sum(i => Math.Log(Scale[i, i]));

    /// <summary>Finds the mode of <paramref name="density"/> from its <see cref="IPosteriorDensity.InitialPoint"/>.</summary>
    /// <exception cref="ArithmeticException">The density is −∞ at the starting point.</exception>
    public static PosteriorMode Find(IPosteriorDensity density)
    {
        ArgumentNullException.ThrowIfNull(density);
        var d = density.Dimension;
        var evaluations = 0;
        double F(double[] u)
        {
            evaluations++;
            return density.LogDensity(u);
        }

        var u = new double[d];
        density.InitialPoint(u);
        var value = F(u);
        if (!double.IsFinite(value))
        {
            throw new ArithmeticException("the posterior density cannot be evaluated at the starting point");
        }

        var converged = d == 0;
        var lambda = 1e-3;
        for (var iteration = 0; iteration < MaximumIterations && !converged; iteration++)
        {
            var gradient = Gradient(F, u, value);
            var negativeHessian = -Hessian(F, u, value);
            Vector<double>? step = null;
            for (var attempt = 0; attempt < 60 && step is null; attempt++)
            {
                var damped = negativeHessian + (Matrix<double>.Build.DenseIdentity(d) * (lambda * Math.Max(1, negativeHessian.Diagonal().AbsoluteMaximum())));
                var cholesky = TryCholesky(damped);
                if (cholesky is null)
                {
                    lambda = Math.Max(lambda * 10, 1e-6);
                    continue;
                }

                step = cholesky.Solve(gradient);
            }

            if (step is null)
            {
                break;
            }

            var decrement = step.DotProduct(gradient);
            if (decrement < 1e-12)
            {
                converged = true;
                break;
            }

            var improved = false;
            for (var halving = 0; halving < 40; halving++)
            {
                var candidate = u.Zip(step, (a, b) => a + b).ToArray();
                var candidateValue = F(candidate);
                if (candidateValue > value)
                {
                    u = candidate;
                    value = candidateValue;
                    improved = true;
                    break;
                }

                step *= 0.5;
            }

            lambda = improved ? Math.Max(lambda / 10, 0) : Math.Max(lambda * 10, 1e-6);
            if (!improved && decrement < 1e-8)
            {
                converged = true;
            }
        }

        var curvature = d == 0 ? Matrix<double>.Build.Dense(0, 0) : -Hessian(F, u, value);
        var covariance = d == 0 ? curvature : PositiveDefiniteInverse(curvature);
        var scale = d == 0 ? curvature : covariance.Cholesky().Factor;
        return new PosteriorMode(u, value, covariance, scale, evaluations, converged);
    }

    private static Vector<double> Gradient(Func<double[], double> f, double[] u, double value)
    {
        _ = value;
        var g = Vector<double>.Build.Dense(u.Length);
        var point = (double[])u.Clone();
        for (var i = 0; i < u.Length; i++)
        {
            point[i] = u[i] + GradientStep;
            var up = f(point);
            point[i] = u[i] - GradientStep;
            var down = f(point);
            point[i] = u[i];
            g[i] = (up - down) / (2 * GradientStep);
        }

        return g;
    }

    private static Matrix<double> Hessian(Func<double[], double> f, double[] u, double value)
    {
        var d = u.Length;
        var h = Matrix<double>.Build.Dense(d, d);
        var point = (double[])u.Clone();
        const double step = HessianStep;
        for (var i = 0; i < d; i++)
        {
            point[i] = u[i] + step;
            var up = f(point);
            point[i] = u[i] - step;
            var down = f(point);
            point[i] = u[i];
            h[i, i] = (up - (2 * value) + down) / (step * step);
            for (var j = 0; j < i; j++)
            {
                point[i] = u[i] + step;
                point[j] = u[j] + step;
                var pp = f(point);
                point[j] = u[j] - step;
                var pm = f(point);
                point[i] = u[i] - step;
                var mm = f(point);
                point[j] = u[j] + step;
                var mp = f(point);
                point[i] = u[i];
                point[j] = u[j];
                h[i, j] = (pp - pm - mp + mm) / (4 * step * step);
                h[j, i] = h[i, j];
            }
        }

        return h;
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(Matrix<double> m)
    {
        try
        {
            var c = m.Cholesky();
            return c.Factor.Diagonal().All(x => x > 0 && double.IsFinite(x)) ? c : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// (−H)⁻¹, or, where a flat or non-concave direction leaves −H not positive definite, the inverse of its
    /// eigenvalues floored at a small fraction of the largest (a wide scale in that direction).
    /// </summary>
    private static Matrix<double> PositiveDefiniteInverse(Matrix<double> curvature)
    {
        if (TryCholesky(curvature) is { } cholesky)
        {
            return cholesky.Solve(Matrix<double>.Build.DenseIdentity(curvature.RowCount));
        }

        var evd = curvature.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(e => e.Real).ToArray();
        var floor = Math.Max(values.Max(), 1) * 1e-3;
        var inverse = Matrix<double>.Build.DenseOfDiagonalArray(values.Select(x => 1 / Math.Max(x, floor)).ToArray());
        var result = evd.EigenVectors * inverse * evd.EigenVectors.Transpose();
        return (result + result.Transpose()) * 0.5;
    }
}
