using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// Wald inference on estimated coefficients b with covariance V: z or t statistics, two-sided
/// p-values, confidence intervals, and the omnibus test of the moderators. Shared by the
/// random-effects, three-level and cluster-robust fits.
/// </summary>
internal static class WaldInference
{
    /// <summary>The normal (<paramref name="degreesOfFreedom"/> null) or Student t quantile at (1 + level)/2.</summary>
    public static double CriticalValue(double level, double? degreesOfFreedom)
    {
        var probability = 1.0 - ((1.0 - level) / 2.0);
        return degreesOfFreedom is { } df ? StudentTQuantile.Of(probability, df) : Normal.InvCDF(0, 1, probability);
    }

    /// <summary>
    /// One <see cref="CoefficientEstimate"/> per design column at confidence <paramref name="level"/>:
    /// z tests when <paramref name="degreesOfFreedom"/> is null, otherwise t tests on each
    /// coefficient's own degrees of freedom.
    /// </summary>
    public static CoefficientEstimate[] Coefficients(
        IReadOnlyList<string> names, IReadOnlyList<double> estimates, Matrix<double> covariance, double level, IReadOnlyList<double>? degreesOfFreedom)
    {
        var p = estimates.Count;
        var coefficients = new CoefficientEstimate[p];
        double? previousDf = null;
        var critical = double.NaN;
        for (var j = 0; j < p; j++)
        {
            double? df = degreesOfFreedom?[j];
            if (j == 0 || df != previousDf)
            {
                critical = CriticalValue(level, df);
                previousDf = df;
            }

            var se = Math.Sqrt(covariance[j, j]);
            var statistic = estimates[j] / se;
            var pValue = df is { } d ? TailProbabilities.TwoSidedStudentT(statistic, d) : TailProbabilities.TwoSidedNormal(statistic);
            coefficients[j] = new CoefficientEstimate(names[j], estimates[j], se, statistic, pValue, estimates[j] - (critical * se), estimates[j] + (critical * se), df);
        }

        return coefficients;
    }

    /// <summary>
    /// The omnibus test QM of all coefficients but the intercept when the design has one and
    /// moderators, otherwise of all of them: chi-square on m degrees of freedom, or QM/m as
    /// F(m, <paramref name="degreesOfFreedom"/>) for t and Knapp-Hartung tests.
    /// </summary>
    public static ModeratorTest ModeratorTest(DesignMatrix design, IReadOnlyList<double> estimates, Matrix<double> covariance, int? degreesOfFreedom)
    {
        var p = design.Columns;
        var first = design.HasIntercept && p > 1 ? 1 : 0;
        var tested = Enumerable.Range(first, p - first).ToArray();
        var m = tested.Length;
        var statistic = WaldStatistic(estimates, covariance, tested);
        if (degreesOfFreedom is { } d)
        {
            var f = statistic / m;
            return new ModeratorTest(f, m, d, d > 0 ? TailProbabilities.UpperFisher(f, m, d) : double.NaN, tested);
        }

        return new ModeratorTest(statistic, m, null, TailProbabilities.UpperChiSquared(statistic, m), tested);
    }

    /// <summary>b_S' V_S⁻¹ b_S for the coefficients S, by a Cholesky factorization of V_S; NaN when V_S is singular.</summary>
    /// <remarks>Factored here rather than by MathNet so that a singular V_S (a vanishing Knapp-Hartung factor) gives NaN instead of an exception.</remarks>
    private static double WaldStatistic(IReadOnlyList<double> estimates, Matrix<double> covariance, int[] tested)
    {
        var m = tested.Length;
        var lower = new double[m * m];
        var z = new double[m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var s = covariance[tested[a], tested[b]];
                for (var c = 0; c < b; c++)
                {
                    s -= lower[(a * m) + c] * lower[(b * m) + c];
                }

                if (a == b)
                {
                    if (!(s > 0))
                    {
                        return double.NaN;
                    }

                    lower[(a * m) + a] = Math.Sqrt(s);
                }
                else
                {
                    lower[(a * m) + b] = s / lower[(b * m) + b];
                }
            }
        }

        // With V = LL', b'V⁻¹b = ‖L⁻¹b‖².
        var statistic = 0.0;
        for (var a = 0; a < m; a++)
        {
            var s = estimates[tested[a]];
            for (var c = 0; c < a; c++)
            {
                s -= lower[(a * m) + c] * z[c];
            }

            z[a] = s / lower[(a * m) + a];
            statistic += z[a] * z[a];
        }

        return statistic;
    }
}
