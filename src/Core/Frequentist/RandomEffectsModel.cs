using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// The univariate random-effects model and mixed-effects meta-regression, at parity with metafor's
/// <c>rma.uni</c>: yᵢ = xᵢ'β + uᵢ + εᵢ, uᵢ ~ N(0, τ²), εᵢ ~ N(0, vᵢ), τ² by the chosen estimator, β by
/// weighted least squares with weights 1/(vᵢ + τ̂²).
/// </summary>
/// <remarks>
/// <para>
/// Smallest data: a model that estimates τ² needs k ≥ p + 1 effects (one more than coefficients, so
/// REML needs at least 2 effects without moderators); the equal-effects model needs k ≥ p. metafor also
/// accepts k = 1 and then sets τ² to 0; here that is refused as input that cannot support the model, and
/// the analyses that meet a single study on purpose (cumulative, subgroups) fit it as an equal-effects
/// model themselves. Invalid yᵢ/vᵢ (NaN, non-positive variances) are refused by <see cref="EffectData"/>.
/// </para>
/// <para>
/// Heterogeneity (Q, I², H²) always uses the equal-effects weights 1/vᵢ; with moderators they are
/// residual heterogeneity with the typical variance ṽ = (k - p)/tr(P). The moderator test QM is
/// chi-square for z tests and F(m, k - p) for t and Knapp-Hartung tests.
/// </para>
/// </remarks>
public static class RandomEffectsModel
{
    /// <summary>
    /// Fits the model to <paramref name="data"/> with design <paramref name="design"/> (intercept-only when
    /// null). Throws <see cref="InvalidInputException"/> for an unknown method or test level, a design
    /// that does not match the data, or too few effects.
    /// </summary>
    public static RandomEffectsFit Fit(EffectData data, DesignMatrix? design = null, RandomEffectsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= RandomEffectsOptions.Default;
        options.Validate();
        var estimator = Tau2Estimators.FromCode(options.Method);
        var problem = MetaRegressionProblem.Create(data, design);
        RequireEnoughEffects(problem.K, problem.P, estimator);
        if (options.Test != CoefficientTest.Z && problem.K <= problem.P)
        {
            throw new InvalidInputException("test", "t and Knapp-Hartung tests need more effects than coefficients (k - p degrees of freedom); use z");
        }

        var estimate = estimator.Estimate(problem);
        return Assemble(problem, estimator, estimate, options);
    }

    /// <summary>Throws when k effects cannot support p coefficients (plus τ² when <paramref name="estimator"/> estimates it).</summary>
    internal static void RequireEnoughEffects(int k, int p, ITau2Estimator estimator)
    {
        var needed = estimator.EstimatesHeterogeneity ? p + 1 : p;
        var model = estimator.EstimatesHeterogeneity
            ? $"the {estimator.Code} estimate of τ² with {p} coefficient(s)"
            : $"the equal-effects model with {p} coefficient(s)";
        Guard.AtLeast(k, Math.Max(1, needed), "yi", model);
    }

    private static RandomEffectsFit Assemble(MetaRegressionProblem problem, ITau2Estimator estimator, Tau2Estimate estimate, RandomEffectsOptions options)
    {
        var k = problem.K;
        var p = problem.P;
        var tau2 = estimate.Tau2;

        var fit = problem.FitAt(tau2);
        var beta = fit.Beta.ToArray();
        var flatCovariance = new double[p * p];
        fit.CovarianceInto(flatCovariance);
        var covariance = Matrix<double>.Build.Dense(p, p, (i, j) => flatCovariance[(i * p) + j]);
        var weightedRss = fit.ResidualQuadraticForm;
        var logDetInformation = fit.LogDeterminantOfInformation;
        var leverage = fit.Leverage.ToArray();
        var weights = new double[k];
        for (var i = 0; i < k; i++)
        {
            weights[i] = 100.0 * fit.Weights[i] / fit.SumOfWeights;
        }

        var inference = CoefficientInference.Under(options.Test, problem.Design, beta, covariance, weightedRss, options.Level);
        var (mlStatistics, remlStatistics) = Statistics(problem, estimator, tau2, weightedRss, logDetInformation);
        var heterogeneity = Heterogeneity(problem, estimator, tau2);
        var r2 = PseudoR2(problem, estimator, tau2, heterogeneity.Qe);

        return new RandomEffectsFit(new RandomEffectsFitParts(
            problem.Data,
            problem.Design,
            options,
            estimator,
            estimate,
            inference,
            heterogeneity.Qe,
            heterogeneity.QePValue,
            heterogeneity.I2,
            heterogeneity.H2,
            heterogeneity.TypicalVariance,
            r2,
            mlStatistics,
            remlStatistics,
            leverage,
            weights));
    }

    private static (FitStatistics MaximumLikelihood, FitStatistics Restricted) Statistics(
        MetaRegressionProblem problem, ITau2Estimator estimator, double tau2, double weightedRss, double logDetInformation)
    {
        var k = problem.K;
        var p = problem.P;
        var parameters = p + (estimator.EstimatesHeterogeneity ? 1 : 0);
        var logDetV = 0.0;
        foreach (var v in problem.Vi)
        {
            logDetV += Math.Log(v + tau2);
        }

        var ml = LogLikelihood.Full(k, logDetV, weightedRss);
        var reml = LogLikelihood.Restricted(k, p, logDetV, problem.LogDeterminantOfCrossProduct, logDetInformation, weightedRss);
        return (
            FitStatistics.Create(ml, restricted: false, problem.Data.Vi, p, parameters),
            FitStatistics.Create(reml, restricted: true, problem.Data.Vi, p, parameters));
    }

    private static (double Qe, double QePValue, double I2, double H2, double TypicalVariance) Heterogeneity(
        MetaRegressionProblem problem, ITau2Estimator estimator, double tau2)
    {
        var k = problem.K;
        var p = problem.P;
        if (k <= p)
        {
            return (0.0, 1.0, 0.0, 1.0, 0.0);
        }

        var fit = problem.FitEqualEffects();
        var qe = Math.Max(0.0, fit.ResidualQuadraticForm);
        var df = k - p;
        var typical = df / fit.TraceP;
        var (i2, h2) = estimator.EstimatesHeterogeneity
            ? (100.0 * tau2 / (typical + tau2), (tau2 / typical) + 1.0)
            : (Math.Max(0.0, 100.0 * (qe - df) / qe), qe / df);
        return (qe, TailProbabilities.UpperChiSquared(qe, df), i2, h2, typical);
    }

    private static double? PseudoR2(MetaRegressionProblem problem, ITau2Estimator estimator, double tau2, double qe)
    {
        if (!problem.Design.HasIntercept || !problem.Design.HasModerators)
        {
            return null;
        }

        if (!estimator.EstimatesHeterogeneity)
        {
            return EqualEffectsR2(problem, qe);
        }

        var interceptOnly = estimator.Estimate(MetaRegressionProblem.Create(problem.Data)).Tau2;
        return interceptOnly == 0 ? 0.0 : Math.Max(0.0, 100.0 * (interceptOnly - tau2) / interceptOnly);
    }

    /// <summary>metafor's R² of an equal-effects meta-regression: the adjusted R² of the regression weighted by 1/vᵢ.</summary>
    private static double? EqualEffectsR2(MetaRegressionProblem problem, double qe)
    {
        var k = problem.K;
        var p = problem.P;
        if (k <= p)
        {
            return null;
        }

        var y = problem.Yi;
        var v = problem.Vi;
        double sumW = 0, sumWy = 0, mean = 0;
        for (var i = 0; i < k; i++)
        {
            sumW += 1.0 / v[i];
            sumWy += y[i] / v[i];
            mean += y[i];
        }

        mean /= k;
        var weightedMean = sumWy / sumW;
        double total = 0, spread = 0;
        for (var i = 0; i < k; i++)
        {
            total += (y[i] - weightedMean) * (y[i] - weightedMean) / v[i];
            spread += (y[i] - mean) * (y[i] - mean);
        }

        if (spread == 0)
        {
            return 0.0;
        }

        var r2 = 1.0 - (qe / total);
        var adjusted = 1.0 - ((1.0 - r2) * (k - 1.0) / (k - p));
        return Math.Max(0.0, 100.0 * adjusted);
    }
}
