using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.LinearModels;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The three-level meta-analytic model: effects nested in clusters, y = Xβ + u_cluster + w_effect + e
/// with u ~ N(0, σ²_between), w ~ N(0, σ²_within) and e ~ N(0, vi) — metafor's
/// <c>rma.mv(yi, vi, mods, random = ~ 1 | cluster/effect)</c>, fitted by REML or ML. With a
/// <see cref="SamplingCovariance"/> the errors e of a cluster may be correlated, e ~ N(0, V) (the
/// "correlated and hierarchical effects" model, <c>rma.mv(yi, V, random = ~ 1 | cluster/effect)</c>).
/// </summary>
public static class ThreeLevelModel
{
    /// <summary>
    /// Fits the model to <paramref name="data"/> with effects grouped by <paramref name="cluster"/>
    /// labels and the fixed effects of <paramref name="design"/> (intercept only when null).
    /// </summary>
    /// <remarks>
    /// Throws <see cref="InvalidInputException"/> naming the field when the cluster column's length
    /// differs from k, a cluster label is empty, there are fewer than 2 clusters, every cluster holds a
    /// single effect (the two variance components are then not identified), the design's rows differ
    /// from k, a fixed variance component is negative, or k &lt; p + 2. A cluster with one effect is fine.
    /// </remarks>
    public static ThreeLevelFit Fit(EffectData data, IReadOnlyList<string> cluster, DesignMatrix? design = null, ThreeLevelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cluster);
        return Fit(data, EffectClusters.Create(cluster, data.K), design, options);
    }

    /// <summary>Fits the model with clusters already grouped; see the label overload for the checks.</summary>
    public static ThreeLevelFit Fit(EffectData data, EffectClusters clusters, DesignMatrix? design = null, ThreeLevelOptions? options = null) =>
        Fit(data, clusters, samplingCovariance: null, design, options);

    /// <summary>
    /// Fits the model with the sampling errors' covariance <paramref name="samplingCovariance"/> (block-diagonal
    /// by the same clusters, diagonal vi; null: uncorrelated errors). QE is then
    /// (y - X b_V)'V⁻¹(y - X b_V) with b_V the generalized least-squares fit on V alone, as metafor reports it.
    /// </summary>
    /// <remarks>Throws <see cref="InvalidInputException"/> naming <c>V</c> when V is grouped by other clusters or its diagonal is not vi; else as the label overload.</remarks>
    public static ThreeLevelFit Fit(EffectData data, EffectClusters clusters, SamplingCovariance? samplingCovariance, DesignMatrix? design = null, ThreeLevelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new ThreeLevelOptions();
        design ??= DesignMatrix.InterceptOnly(data.K);
        samplingCovariance ??= SamplingCovariance.Diagonal(data.Vi, clusters);
        var likelihood = new ThreeLevelLikelihood(data, clusters, design, samplingCovariance);
        Validate(data, clusters, design, options);

        var p = design.Columns;
        var restricted = options.Estimator == ThreeLevelEstimator.RestrictedMaximumLikelihood;
        var scale = data.Vi.Average();
        var (start, residualVariance) = StartingValues(data, design, options, scale);
        var isFixed = new[] { options.Sigma2Between.HasValue, options.Sigma2Within.HasValue };
        var (sigma2, iterations, converged) = MaximizeFromEachStart(likelihood, restricted, VarianceComponentGrid.Starts(likelihood, restricted, start, isFixed, residualVariance), isFixed, scale);

        var conditional = likelihood.Condition(sigma2[0], sigma2[1]);
        var inference = CoefficientInference.Under(options.Test, design, conditional.Beta, conditional.Covariance, conditional.ResidualQuadraticForm, options.Level);
        var estimatedComponents = isFixed.Count(f => !f);
        var logLikelihood = restricted ? conditional.RestrictedLogLikelihood : conditional.LogLikelihood;
        return new ThreeLevelFit(
            likelihood,
            data,
            clusters,
            samplingCovariance,
            design,
            options,
            (sigma2[0], sigma2[1]),
            (iterations, converged),
            inference,
            ResidualHeterogeneity(data, design, likelihood),
            FitStatistics.Create(logLikelihood, restricted, data.Vi, p, p + estimatedComponents));
    }

    /// <summary>
    /// Runs the optimizer from the moment start and then from each scanned local maximum, best first,
    /// skipping a scanned start more than 2 log-likelihood units below the best maximum found so far:
    /// between grid points a factor of √10 apart, a peak rises well under that above its grid values.
    /// A converged maximum beats an unconverged one; among them the higher likelihood wins.
    /// </summary>
    private static (double[] Estimate, int Iterations, bool Converged) MaximizeFromEachStart(
        ThreeLevelLikelihood likelihood, bool restricted, IReadOnlyList<(double[] Point, double LogLikelihood)> starts, bool[] isFixed, double scale)
    {
        (double[] Estimate, int Iterations, bool Converged)? best = null;
        var bestValue = double.NegativeInfinity;
        foreach (var (point, scanned) in starts)
        {
            if (best is not null && scanned < bestValue - 2)
            {
                continue;
            }

            var maximum = VarianceComponentOptimizer.Maximize(likelihood, restricted, point, isFixed, scale);
            var value = likelihood.LogLikelihood(maximum.Estimate[0], maximum.Estimate[1], restricted);
            var better = best is not { } current
                || (maximum.Converged && !current.Converged)
                || (maximum.Converged == current.Converged && value > bestValue);
            if (better)
            {
                (best, bestValue) = (maximum, value);
            }
        }

        return best!.Value;
    }

    private static void Validate(EffectData data, EffectClusters clusters, DesignMatrix design, ThreeLevelOptions options)
    {
        Guard.Level(options.Level, "level");
        Guard.AtLeast(data.K, design.Columns + 2, "yi", $"a three-level model with {design.Columns} coefficient(s)");
        if (clusters.AllSingletons && options.Sigma2Between is null && options.Sigma2Within is null)
        {
            throw new InvalidInputException("cluster", "every cluster holds a single effect, so the variance between clusters cannot be told apart from the variance within them");
        }

        RequireVariance(options.Sigma2Between, "sigma2.between");
        RequireVariance(options.Sigma2Within, "sigma2.within");
    }

    private static void RequireVariance(double? value, string field)
    {
        if (value is { } v && !(double.IsFinite(v) && v >= 0))
        {
            throw new InvalidInputException(field, $"a fixed variance component must be a finite number of at least 0, got {v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>
    /// Half each of a moment estimate of the total heterogeneity: the variance of the ordinary
    /// least-squares residuals beyond the average sampling variance, floored at a tenth of that
    /// variance so that both components start inside the parameter space; with the residual variance,
    /// which scales the grid scan that may move the start (<see cref="VarianceComponentGrid"/>).
    /// </summary>
    private static (double[] Start, double ResidualVariance) StartingValues(EffectData data, DesignMatrix design, ThreeLevelOptions options, double scale)
    {
        var y = Vector<double>.Build.DenseOfEnumerable(data.Yi);
        var ordinary = GeneralizedLeastSquares.FitDiagonal(y, design.X, Vector<double>.Build.Dense(data.K, 1.0));
        var residualVariance = ordinary.ResidualQuadraticForm / (data.K - design.Columns);
        var total = Math.Max(residualVariance - scale, Math.Max(0.1 * residualVariance, 1e-4 * scale));
        return ([options.Sigma2Between ?? (total / 2), options.Sigma2Within ?? (total / 2)], residualVariance > 0 ? residualVariance : scale);
    }

    /// <summary>
    /// QE with the sampling covariance alone as metafor computes it for rma.mv — W = diag(1/vᵢ) for
    /// uncorrelated errors, V⁻¹ (the likelihood at both components 0) for correlated ones — and its
    /// chi-square p-value on k - p degrees of freedom.
    /// </summary>
    private static (double Qe, double PValue) ResidualHeterogeneity(EffectData data, DesignMatrix design, ThreeLevelLikelihood likelihood)
    {
        var quadraticForm = likelihood.HasCorrelatedErrors
            ? likelihood.Condition(0, 0).ResidualQuadraticForm
            : MetaRegressionProblem.Create(data, design).FitEqualEffects().ResidualQuadraticForm;
        var qe = Math.Max(0.0, quadraticForm);
        return (qe, TailProbabilities.UpperChiSquared(qe, data.K - design.Columns));
    }
}
