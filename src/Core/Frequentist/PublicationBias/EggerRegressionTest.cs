using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.LinearModels;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>Egger's regression test for funnel-plot asymmetry, with the standard error as predictor.</summary>
/// <param name="Model">"lm" (classical weighted regression) or "rma" (mixed-effects meta-regression).</param>
/// <param name="Slope">The coefficient of the standard error (the asymmetry).</param>
/// <param name="SlopeStandardError">Its standard error.</param>
/// <param name="Statistic">t (lm) or z (rma) statistic of the slope.</param>
/// <param name="DegreesOfFreedom">k - 2 for the t test; infinity for the z test.</param>
/// <param name="PValue">Two-sided p-value of the slope.</param>
/// <param name="LimitEstimate">The intercept: the effect predicted for a study with standard error 0.</param>
/// <param name="LimitStandardError">Standard error of the limit estimate.</param>
public sealed record EggerRegressionTest(
    string Model,
    double Slope,
    double SlopeStandardError,
    double Statistic,
    double DegreesOfFreedom,
    double PValue,
    double LimitEstimate,
    double LimitStandardError)
{
    /// <summary>The classical test: weighted least squares of yi on √vi with weights 1/vi and a t test on k - 2 df.</summary>
    /// <remarks>
    /// The residual variance is estimated (the multiplicative-dispersion model of R's <c>lm</c> with
    /// weights), so the standard errors are √(s² (X'WX)⁻¹) with s² = Q / (k - 2).
    /// </remarks>
    public static EggerRegressionTest Classical(EffectData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.AtLeast(data.K, 3, "yi", "Egger's regression test");
        var y = Vector<double>.Build.DenseOfEnumerable(data.Yi);
        var x = StandardErrorDesign(data).X;
        var weights = Vector<double>.Build.Dense(data.K, i => 1 / data.Vi[i]);
        var fit = GeneralizedLeastSquares.FitDiagonal(y, x, weights);
        var df = data.K - 2.0;
        var dispersion = fit.ResidualQuadraticForm / df;
        var slopeSe = Math.Sqrt(dispersion * fit.Covariance[1, 1]);
        var t = fit.Beta[1] / slopeSe;
        return new EggerRegressionTest(
            "lm",
            fit.Beta[1],
            slopeSe,
            t,
            df,
            TailProbabilities.TwoSidedStudentT(t, df),
            fit.Beta[0],
            Math.Sqrt(dispersion * fit.Covariance[0, 0]));
    }

    /// <summary>
    /// The mixed-effects test: a random-effects meta-regression of yi on √vi (τ² by
    /// <paramref name="options"/>' method, REML by default) with the slope's z (or t / Knapp-Hartung) test.
    /// </summary>
    public static EggerRegressionTest MixedEffects(EffectData data, RandomEffectsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.AtLeast(data.K, 3, "yi", "Egger's regression test");
        var fit = RandomEffectsModel.Fit(data, StandardErrorDesign(data), options);
        var limit = fit.Coefficients[0];
        var slope = fit.Coefficients[1];
        return new EggerRegressionTest(
            "rma",
            slope.Estimate,
            slope.StandardError,
            slope.Statistic,
            fit.DegreesOfFreedom ?? double.PositiveInfinity,
            slope.PValue,
            limit.Estimate,
            limit.StandardError);
    }

    /// <summary>The design [intercept, sei = √vi] of the regression on the standard error.</summary>
    public static DesignMatrix StandardErrorDesign(EffectData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return DesignMatrix.FromColumns([
            (DesignMatrix.InterceptName, Enumerable.Repeat(1.0, data.K).ToArray()),
            ("sei", data.Vi.Select(Math.Sqrt).ToArray()),
        ]);
    }
}
