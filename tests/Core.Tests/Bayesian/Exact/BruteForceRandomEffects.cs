using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>
/// An independent re-derivation of the exact posterior of y ~ N(Xβ, V + τ² I), β ~ N(m, S), τ ~ prior:
/// composite Simpson on a fine grid of log τ, with the marginal likelihood computed from the full k x k
/// covariance V + τ²I + XSX' (no block formulas, no conjugate identities) and the conditional posterior
/// of β by plain matrix algebra.
/// </summary>
internal sealed class BruteForceRandomEffects
{
    private readonly double[] tau;
    private readonly double[] weights;
    private readonly Vector<double>[] means;
    private readonly Matrix<double>[] covariances;
    private readonly Func<double, double> logIntegrand;
    private readonly double lowU = -25.0;
    private readonly int cdfIntervals;

    public BruteForceRandomEffects(double[] y, double[] v, double[,] x, double[] priorMean, double[] priorSd, Func<double, double> logPrior, double upper = 60, int intervals = 8000)
    {
        var k = y.Length;
        var p = priorMean.Length;
        var design = Matrix<double>.Build.DenseOfArray(x);
        var yv = Vector<double>.Build.DenseOfArray(y);
        var m0 = Vector<double>.Build.DenseOfArray(priorMean);
        var s0 = Matrix<double>.Build.DenseOfDiagonalArray(priorSd.Select(s => s * s).ToArray());
        cdfIntervals = intervals;
        logIntegrand = u =>
        {
            var t = Math.Exp(u);
            var m = Matrix<double>.Build.DenseOfDiagonalArray(v.Select(vi => vi + (t * t)).ToArray());
            return logPrior(t) + LogNormalDensity(yv, p == 0 ? Vector<double>.Build.Dense(k) : design * m0, p == 0 ? m : m + (design * s0 * design.Transpose())) + u;
        };
        var highU = Math.Log(upper);
        var h = (highU - lowU) / intervals;
        tau = new double[intervals + 1];
        var values = new double[intervals + 1];
        means = new Vector<double>[intervals + 1];
        covariances = new Matrix<double>[intervals + 1];
        for (var n = 0; n <= intervals; n++)
        {
            var u = lowU + (n * h);
            var t = Math.Exp(u);
            tau[n] = t;
            values[n] = logIntegrand(u);
            if (p > 0)
            {
                var m = Matrix<double>.Build.DenseOfDiagonalArray(v.Select(vi => vi + (t * t)).ToArray());
                var mInverse = m.Inverse();
                var precision = (design.Transpose() * mInverse * design) + s0.Inverse();
                var covariance = precision.Inverse();
                covariances[n] = covariance;
                means[n] = covariance * ((design.Transpose() * mInverse * yv) + (s0.Inverse() * m0));
            }
        }

        var max = values.Max();
        weights = new double[intervals + 1];
        var total = 0.0;
        for (var n = 0; n <= intervals; n++)
        {
            var simpson = n == 0 || n == intervals ? 1 : n % 2 == 1 ? 4 : 2;
            weights[n] = simpson * h / 3 * Math.Exp(values[n] - max);
            total += weights[n];
        }

        LogMarginalLikelihood = max + Math.Log(total);
        for (var n = 0; n <= intervals; n++)
        {
            weights[n] /= total;
        }
    }

    public double LogMarginalLikelihood { get; }

    /// <summary>E[g(τ) | y].</summary>
    public double Expectation(Func<double, double> g) => tau.Select((t, n) => weights[n] * g(t)).Sum();

    /// <summary>E[h(b(τ), C(τ), τ) | y] for the coefficients' conditional moments.</summary>
    public double Expectation(Func<Vector<double>, Matrix<double>, double, double> h) =>
        tau.Select((t, n) => weights[n] * h(means[n], covariances[n], t)).Sum();

    /// <summary>P(β_j ≤ q | y).</summary>
    public double CoefficientCdf(int j, double q) =>
        Expectation((b, c, _) => Normal.CDF(b[j], Math.Sqrt(c[j, j]), q));

    /// <summary>P(τ ≤ <paramref name="q"/> | y) by a fresh Simpson integral from the grid's lower end to log q.</summary>
    public double TauCdf(double q)
    {
        var end = Math.Log(q);
        var h = (end - lowU) / cdfIntervals;
        var sum = 0.0;
        for (var n = 0; n <= cdfIntervals; n++)
        {
            var simpson = n == 0 || n == cdfIntervals ? 1 : n % 2 == 1 ? 4 : 2;
            sum += simpson * Math.Exp(logIntegrand(lowU + (n * h)) - LogMarginalLikelihood);
        }

        return sum * h / 3;
    }

    /// <summary>log N(y; mean, covariance) from the Cholesky factor of the full covariance.</summary>
    public static double LogNormalDensity(Vector<double> y, Vector<double> mean, Matrix<double> covariance)
    {
        var cholesky = covariance.Cholesky();
        var residual = y - mean;
        var solved = cholesky.Solve(residual);
        return -0.5 * ((y.Count * Math.Log(2 * Math.PI)) + cholesky.DeterminantLn + residual.DotProduct(solved));
    }
}
