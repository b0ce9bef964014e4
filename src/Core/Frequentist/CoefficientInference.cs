using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// The coefficients of a model fitted by generalized least squares, tested as <see cref="CoefficientTest"/>
/// says: what the random-effects and the three-level fits report about b.
/// </summary>
/// <param name="Beta">The estimates b.</param>
/// <param name="Covariance">(X'V⁻¹X)⁻¹, times the Knapp-Hartung factor under that test.</param>
/// <param name="Coefficients">Each coefficient's test and interval.</param>
/// <param name="DegreesOfFreedom">k - p for t and Knapp-Hartung tests; null for z tests.</param>
/// <param name="ScaleFactor">The Knapp-Hartung factor s² (1 for other tests).</param>
/// <param name="CriticalValue">The normal or t quantile at (1 + level)/2.</param>
/// <param name="ModeratorTest">The omnibus test QM.</param>
internal sealed record CoefficientInference(
    IReadOnlyList<double> Beta,
    Matrix<double> Covariance,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    int? DegreesOfFreedom,
    double ScaleFactor,
    double CriticalValue,
    ModeratorTest ModeratorTest)
{
    /// <summary>
    /// Tests <paramref name="beta"/> with model-based covariance <paramref name="covariance"/> under
    /// <paramref name="test"/>; <paramref name="residualQuadraticForm"/> (y - Xb)'V⁻¹(y - Xb) gives the
    /// Knapp-Hartung factor.
    /// </summary>
    public static CoefficientInference Under(
        CoefficientTest test, DesignMatrix design, IReadOnlyList<double> beta, Matrix<double> covariance, double residualQuadraticForm, double level)
    {
        var k = design.Rows;
        var p = design.Columns;
        var scaleFactor = test == CoefficientTest.KnappHartung ? KnappHartung.ScaleFactor(residualQuadraticForm, k, p) : 1.0;
        var scaled = test == CoefficientTest.KnappHartung ? covariance * scaleFactor : covariance;
        int? df = test == CoefficientTest.Z ? null : KnappHartung.DegreesOfFreedom(k, p);
        var perCoefficientDf = df is { } d ? Enumerable.Repeat((double)d, p).ToArray() : null;
        return new CoefficientInference(
            beta,
            scaled,
            WaldInference.Coefficients(design.ColumnNames, beta, scaled, level, perCoefficientDf),
            df,
            scaleFactor,
            WaldInference.CriticalValue(level, df),
            WaldInference.ModeratorTest(design, beta, scaled, df));
    }
}
