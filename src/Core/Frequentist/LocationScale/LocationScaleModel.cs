using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.LinearModels;
using MetaAnalysis.Core.Optimization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>
/// The location-scale meta-regression y_i ~ N(x_i'β, v_i + τ²_i) with log τ²_i = z_i'α: moderators of
/// the mean effect (location) and of the heterogeneity (scale) — metafor's
/// <c>rma(yi, vi, mods = ~ x, scale = ~ z, link = "log")</c>, fitted by REML or ML.
/// </summary>
/// <remarks>
/// α maximizes the (restricted) log-likelihood with β profiled out (<see cref="LocationScaleLikelihood"/>);
/// its standard errors are from the inverse of the numerical Hessian of -ℓ(α), as metafor's; β is the
/// weighted least-squares estimate at the fitted τ²_i with covariance (X'WX)⁻¹.
/// </remarks>
public static class LocationScaleModel
{
    /// <summary>
    /// Fits the model with the location design <paramref name="location"/> and the scale design
    /// <paramref name="scale"/> (each intercept only when null).
    /// </summary>
    /// <remarks>
    /// Throws <see cref="InvalidInputException"/> naming the field when a design's rows differ from k,
    /// k is below p + q + 1 (p location and q scale coefficients), or the level is not in (0, 1).
    /// A fit whose maximizer did not meet its criterion is returned with <see cref="LocationScaleFit.Converged"/> false.
    /// </remarks>
    public static LocationScaleFit Fit(EffectData data, DesignMatrix? location = null, DesignMatrix? scale = null, LocationScaleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new LocationScaleOptions();
        location ??= DesignMatrix.InterceptOnly(data.K);
        scale ??= DesignMatrix.InterceptOnly(data.K);
        Validate(data, location, scale, options);

        var restricted = options.Estimator == LocationScaleEstimator.RestrictedMaximumLikelihood;
        var likelihood = new LocationScaleLikelihood(data, location, scale, restricted);
        (double Value, double[] Gradient) Function(double[] a)
        {
            var evaluation = likelihood.Evaluate(a);
            return (evaluation.LogLikelihood, evaluation.Gradient.ToArray());
        }

        var (alpha, converged) = PolishedMaximizer.Maximize(Function, Start(data, location, scale));
        var atMaximum = likelihood.Evaluate(alpha);
        var scaleCovariance = InverseOrNaN(PolishedMaximizer.NegativeHessian(Function, alpha));

        var locationCoefficients = WaldInference.Coefficients(location.ColumnNames, atMaximum.Beta, atMaximum.Covariance, options.Level, null);
        var scaleCoefficients = WaldInference.Coefficients(scale.ColumnNames, alpha, scaleCovariance, options.Level, null);
        return new LocationScaleFit(
            locationCoefficients,
            atMaximum.Covariance,
            scaleCoefficients,
            scaleCovariance,
            WaldInference.ModeratorTest(location, atMaximum.Beta, atMaximum.Covariance, null),
            WaldInference.ModeratorTest(scale, alpha, scaleCovariance, null),
            atMaximum.Tau2,
            FitStatistics.Create(atMaximum.LogLikelihood, restricted, data.Vi, location.Columns, location.Columns + scale.Columns),
            converged);
    }

    private static void Validate(EffectData data, DesignMatrix location, DesignMatrix scale, LocationScaleOptions options)
    {
        Guard.Level(options.Level, "level");
        if (location.Rows != data.K)
        {
            throw new InvalidInputException("moderators", $"have {location.Rows} rows but yi has {data.K}");
        }

        if (scale.Rows != data.K)
        {
            throw new InvalidInputException("scale_moderators", $"have {scale.Rows} rows but yi has {data.K}");
        }

        Guard.AtLeast(data.K, location.Columns + scale.Columns + 1, "yi", $"a location-scale model with {location.Columns} location and {scale.Columns} scale coefficient(s)");
    }

    /// <summary>
    /// α = (log τ²₀, 0, ...): every study starts at one moment estimate of the heterogeneity, the
    /// variance of the ordinary least-squares residuals beyond the average sampling variance, floored at
    /// a tenth of that variance so that its logarithm is finite. A scale design without an intercept
    /// starts at 0.
    /// </summary>
    private static double[] Start(EffectData data, DesignMatrix location, DesignMatrix scale)
    {
        var y = Vector<double>.Build.DenseOfEnumerable(data.Yi);
        var ordinary = GeneralizedLeastSquares.FitDiagonal(y, location.X, Vector<double>.Build.Dense(data.K, 1.0));
        var residualVariance = ordinary.ResidualQuadraticForm / Math.Max(1, data.K - location.Columns);
        var meanVariance = data.Vi.Average();
        var tau2 = Math.Max(residualVariance - meanVariance, 0.1 * meanVariance);
        var start = new double[scale.Columns];
        if (scale.HasIntercept)
        {
            start[0] = Math.Log(tau2);
        }

        return start;
    }

    private static Matrix<double> InverseOrNaN(Matrix<double> negativeHessian)
    {
        try
        {
            return GeneralizedLeastSquares.InvertSymmetric(negativeHessian);
        }
        catch (ArgumentException)
        {
            // Not positive definite: the maximum is not a proper one, and the standard errors do not exist.
            return Matrix<double>.Build.Dense(negativeHessian.RowCount, negativeHessian.ColumnCount, double.NaN);
        }
    }
}
