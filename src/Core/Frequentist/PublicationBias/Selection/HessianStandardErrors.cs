using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// Standard errors of a maximum-likelihood estimate as metafor forms them for selection models: the square
/// roots of the diagonal of the inverse of -H, H the Hessian of ℓ in the untransformed parameters, over
/// the parameters not at a bound (NaN for those at one).
/// </summary>
internal static class HessianStandardErrors
{
    /// <summary>The standard errors of <paramref name="estimate"/>, and the full covariance with zeros in the rows and columns of parameters at a bound.</summary>
    public static double[] Compute(GradientFunction logLikelihood, double[] estimate, bool[] atBound, out double[,] covariance)
    {
        var n = estimate.Length;
        var free = Enumerable.Range(0, n).Where(j => !atBound[j]).ToArray();
        var point = estimate.ToArray();
        var full = new double[n];
        double Restricted(ReadOnlySpan<double> coordinates, Span<double> gradient)
        {
            for (var f = 0; f < free.Length; f++)
            {
                point[free[f]] = coordinates[f];
            }

            var value = logLikelihood(point, full);
            for (var f = 0; f < free.Length; f++)
            {
                gradient[f] = full[free[f]];
            }

            return value;
        }

        // Steps small against each parameter yet large against the quadrature's ~1e-14; variance steps stay
        // below the variance itself so that it stays in the parameter space.
        var freeValues = free.Select(j => estimate[j]).ToArray();
        var steps = freeValues.Select(v => 1e-4 * Math.Max(Math.Abs(v), 1e-3)).ToArray();
        var hessian = FiniteDifferenceHessian.Compute(Restricted, freeValues, steps);
        var information = Matrix<double>.Build.DenseOfArray(hessian).Negate();
        var inverse = information.Inverse();
        covariance = new double[n, n];
        var standardErrors = Enumerable.Repeat(double.NaN, n).ToArray();
        for (var a = 0; a < free.Length; a++)
        {
            standardErrors[free[a]] = Math.Sqrt(inverse[a, a]);
            for (var b = 0; b < free.Length; b++)
            {
                covariance[free[a], free[b]] = inverse[a, b];
            }
        }

        return standardErrors;
    }
}
