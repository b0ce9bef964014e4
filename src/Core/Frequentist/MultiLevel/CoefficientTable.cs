using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// Coefficients with their covariance and Wald inference: standard errors, z or t statistics,
/// two-sided p-values and confidence intervals, one entry per design column.
/// </summary>
public sealed class CoefficientTable
{
    private CoefficientTable(
        string[] names, double[] estimates, Matrix<double> covariance, double[] standardErrors,
        double[] statistics, double[] pValues, double[] ciLower, double[] ciUpper, double[]? degreesOfFreedom)
    {
        Names = names;
        Estimates = estimates;
        Covariance = covariance;
        StandardErrors = standardErrors;
        Statistics = statistics;
        PValues = pValues;
        CiLower = ciLower;
        CiUpper = ciUpper;
        DegreesOfFreedom = degreesOfFreedom;
    }

    /// <summary>Coefficient names (the design's column names).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The estimates.</summary>
    public IReadOnlyList<double> Estimates { get; }

    /// <summary>Their covariance matrix.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>Square roots of the covariance's diagonal.</summary>
    public IReadOnlyList<double> StandardErrors { get; }

    /// <summary>Estimate / standard error: z statistics, or t statistics when <see cref="DegreesOfFreedom"/> is set.</summary>
    public IReadOnlyList<double> Statistics { get; }

    /// <summary>Two-sided p-values.</summary>
    public IReadOnlyList<double> PValues { get; }

    /// <summary>Lower confidence bounds.</summary>
    public IReadOnlyList<double> CiLower { get; }

    /// <summary>Upper confidence bounds.</summary>
    public IReadOnlyList<double> CiUpper { get; }

    /// <summary>Degrees of freedom of each t test; null for z tests.</summary>
    public IReadOnlyList<double>? DegreesOfFreedom { get; }

    /// <summary>Number of coefficients.</summary>
    public int Count => Estimates.Count;

    /// <summary>
    /// Wald inference at confidence <paramref name="level"/>: normal reference when
    /// <paramref name="degreesOfFreedom"/> is null, otherwise Student t with each coefficient's own degrees of freedom.
    /// </summary>
    public static CoefficientTable Create(
        IReadOnlyList<string> names, IReadOnlyList<double> estimates, Matrix<double> covariance, double level, IReadOnlyList<double>? degreesOfFreedom = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(covariance);
        var p = estimates.Count;
        var se = new double[p];
        var statistic = new double[p];
        var pValue = new double[p];
        var lower = new double[p];
        var upper = new double[p];
        for (var j = 0; j < p; j++)
        {
            se[j] = Math.Sqrt(covariance[j, j]);
            statistic[j] = estimates[j] / se[j];
            double critical;
            if (degreesOfFreedom is null)
            {
                pValue[j] = 2 * Normal.CDF(0, 1, -Math.Abs(statistic[j]));
                critical = Normal.InvCDF(0, 1, 0.5 + (level / 2));
            }
            else
            {
                pValue[j] = 2 * StudentT.CDF(0, 1, degreesOfFreedom[j], -Math.Abs(statistic[j]));
                critical = StudentT.InvCDF(0, 1, degreesOfFreedom[j], 0.5 + (level / 2));
            }

            lower[j] = estimates[j] - (critical * se[j]);
            upper[j] = estimates[j] + (critical * se[j]);
        }

        return new CoefficientTable(names.ToArray(), estimates.ToArray(), covariance, se, statistic, pValue, lower, upper, degreesOfFreedom?.ToArray());
    }
}
