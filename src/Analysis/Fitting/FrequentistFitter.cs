using MathNet.Numerics.Distributions;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Frequentist.Subgroups;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Frequentist fits with metafor parity: random effects, meta-regression and linear or spline
/// dose-response with any τ² estimator (rma), subgroups (a model per subgroup with its own τ², and the
/// test of their differences), three-level models by REML or ML (rma.mv), and robust models (the
/// three-level fit with CR2 cluster-robust standard errors and Satterthwaite df).
/// </summary>
/// <remarks>
/// Statistics are named as metafor prints them: <c>tau2</c>, <c>tau2_se</c>, <c>i2</c> and <c>h2</c> (I² in
/// percent), <c>qe</c>/<c>qe_df</c>/<c>qe_pval</c>, and with moderators <c>qm</c>/<c>qm_df</c>/<c>qm_pval</c>
/// and <c>r2</c> (percent); without moderators the Q-profile interval of τ² (<c>tau2_ci_lower</c>, ...).
/// Subgroups report one coefficient per level (named by it), <c>k[level]</c>, <c>tau2[level]</c>,
/// <c>i2[level]</c> and the test of differences <c>qb</c>/<c>qb_df</c>/<c>qb_pval</c>; having no joint
/// likelihood, they report no AIC or BIC. Three-level fits report <c>sigma2_between</c> and <c>sigma2_within</c>. AIC and BIC come from the
/// restricted likelihood under REML (as in metafor), so they compare only models with the same
/// coefficients; the diagnostics say so.
/// </remarks>
public sealed class FrequentistFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Engine == EngineKind.Frequentist && request.Model != Model.KindOneofCase.PublicationBias;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = Options(request);
        var method = options.Method;
        var design = request.Design;
        var result = FitResults.Start(request, "frequentist");
        if (request.Model is Model.KindOneofCase.ThreeLevel or Model.KindOneofCase.Robust)
        {
            FitThreeLevel(request, design, method, options.Test, result);
        }
        else if (request.Model == Model.KindOneofCase.Subgroups)
        {
            FitSubgroups(request, options, result);
        }
        else
        {
            FitRandomEffects(request, design, options, result);
        }

        if (method == "REML" && result.Fit is not null)
        {
            result.Diagnostics.Notes.Add("log likelihood, AIC and BIC are restricted (REML): compare them only between models with the same coefficients");
        }

        return result;
    }

    /// <summary>The frequentist engine's τ² method (REML when unset), test (z when unset) and the spec's level.</summary>
    internal static RandomEffectsOptions Options(AnalysisRequest request)
    {
        var engine = request.Spec.Engine.Frequentist;
        return new RandomEffectsOptions
        {
            Method = engine.Tau2Method.Length == 0 ? "REML" : engine.Tau2Method,
            Test = RandomEffectsOptions.TestFromCode(engine.Test.Length == 0 ? "z" : engine.Test),
            Level = request.Level,
        };
    }

    private static void FitRandomEffects(AnalysisRequest request, DesignMatrix design, RandomEffectsOptions options, FitResult result)
    {
        var fit = Core.Frequentist.RandomEffectsModel.Fit(request.Data.Effects, design, options);
        result.Coefficients.AddRange(fit.Coefficients.Select(FitResults.Coefficient));
        result.Add("tau2", fit.Tau2);
        if (double.IsFinite(fit.Tau2StandardError))
        {
            result.Add("tau2_se", fit.Tau2StandardError);
        }

        result.Add("i2", fit.I2);
        result.Add("h2", fit.H2);
        AddResidualHeterogeneity(result, fit.Qe, fit.QeDegreesOfFreedom, fit.QePValue);
        if (design.HasModerators)
        {
            AddModeratorTest(result, fit.ModeratorTest);
            if (fit.R2 is { } r2)
            {
                result.Add("r2", r2);
            }
        }
        else
        {
            if (fit.Method != "EE")
            {
                var interval = fit.Tau2ConfidenceInterval();
                result.Add("tau2_ci_lower", interval.Tau2Lower);
                result.Add("tau2_ci_upper", interval.Tau2Upper);
                result.Add("i2_ci_lower", interval.I2Lower);
                result.Add("i2_ci_upper", interval.I2Upper);
            }

            if (request.Spec.Report?.Predictive == true)
            {
                var prediction = fit.Predict();
                AddPrediction(result, prediction.Estimate, prediction.PiLower, prediction.PiUpper);
            }
        }

        result.Fit = FitResults.Fit(fit.Statistics);
        result.Diagnostics = new Diagnostics { Iterations = fit.Iterations };
    }

    private static void FitThreeLevel(AnalysisRequest request, DesignMatrix design, string method, CoefficientTest test, FitResult result)
    {
        var estimator = method == "ML" ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood;
        var fit = Core.Frequentist.MultiLevel.ThreeLevelModel.Fit(request.Data.Effects, request.Data.Clusters!, design, new ThreeLevelOptions(estimator, test, request.Level));
        var robust = request.Model == Model.KindOneofCase.Robust;
        var coefficients = robust
            ? ClusterRobustInference.Compute(fit, new ClusterRobustOptions(Level: request.Level)).Coefficients
            : fit.Coefficients;
        result.Coefficients.AddRange(coefficients.Select(FitResults.Coefficient));
        result.Add("sigma2_between", fit.Sigma2Between);
        result.Add("sigma2_within", fit.Sigma2Within);
        AddResidualHeterogeneity(result, fit.Qe, fit.QeDegreesOfFreedom, fit.QePValue);
        if (design.HasModerators && !robust)
        {
            AddModeratorTest(result, fit.ModeratorTest);
        }

        if (!design.HasModerators && request.Spec.Report?.Predictive == true)
        {
            // A new effect in a new cluster varies by both components (metafor's predict for rma.mv).
            var intercept = coefficients[0];
            var se = Math.Sqrt((intercept.StandardError * intercept.StandardError) + fit.Sigma2Between + fit.Sigma2Within);
            var upperTail = 1 - ((1 - request.Level) / 2);
            var critical = intercept.DegreesOfFreedom is { } df ? StudentTQuantile.Of(upperTail, df) : Normal.InvCDF(0, 1, upperTail);
            AddPrediction(result, intercept.Estimate, intercept.Estimate - (critical * se), intercept.Estimate + (critical * se));
        }

        result.Fit = FitResults.Fit(fit.Statistics);
        result.Diagnostics = new Diagnostics { Iterations = fit.Iterations };
        if (robust)
        {
            result.Diagnostics.Notes.Add("standard errors: CR2 cluster-robust, t tests with Satterthwaite degrees of freedom");
        }

        if (!fit.Converged)
        {
            result.Warnings.Add("the variance components did not converge; the estimates may not be the maximum");
        }
    }

    private static void FitSubgroups(AnalysisRequest request, RandomEffectsOptions options, FitResult result)
    {
        var levels = ((CategoricalModerator)request.Data.Moderators[request.Spec.Model.Subgroups.Moderator]).Values;
        var analysis = SubgroupAnalysis.Fit(request.Data.Effects, levels, options);
        foreach (var subgroup in analysis.Subgroups)
        {
            result.Coefficients.Add(FitResults.Coefficient(subgroup.Fit.Coefficients[0] with { Name = subgroup.Level }));
            result.Add($"k[{subgroup.Level}]", subgroup.Fit.K);
            result.Add($"tau2[{subgroup.Level}]", subgroup.Fit.Tau2);
            result.Add($"i2[{subgroup.Level}]", subgroup.Fit.I2);
        }

        if (analysis.SeparateTau2Test is { } test)
        {
            result.Add("qb", test.Q);
            result.Add("qb_df", test.DegreesOfFreedom);
            result.Add("qb_pval", test.PValue);
        }

        result.Diagnostics = new Diagnostics();
        result.Diagnostics.Notes.Add($"each subgroup has its own τ² ({options.Method}); qb tests the subgroups' estimates for differences");
    }

    private static void AddResidualHeterogeneity(FitResult result, double qe, int df, double pValue)
    {
        result.Add("qe", qe);
        result.Add("qe_df", df);
        result.Add("qe_pval", pValue);
    }

    private static void AddModeratorTest(FitResult result, ModeratorTest test)
    {
        result.Add("qm", test.Statistic);
        result.Add("qm_df", test.NumeratorDegreesOfFreedom);
        if (test.DenominatorDegreesOfFreedom is { } denominator)
        {
            result.Add("qm_df2", denominator);
        }

        result.Add("qm_pval", test.PValue);
    }

    private static void AddPrediction(FitResult result, double estimate, double lower, double upper)
    {
        result.Add("pred", estimate);
        result.Add("pi_lower", lower);
        result.Add("pi_upper", upper);
    }
}
