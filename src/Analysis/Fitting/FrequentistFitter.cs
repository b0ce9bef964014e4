using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Frequentist.Subgroups;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Frequentist fits with metafor parity: random effects, meta-regression and dose-response with any τ²
/// estimator (rma); three-level structures by REML or ML (rma.mv), optionally with cluster-robust
/// inference (CR0, CR1, CR1p, CR2 with Satterthwaite df, as clubSandwich); subgroups with a separate τ² per
/// subgroup or one meta-regression with a common τ².
/// </summary>
/// <remarks>
/// Heterogeneity is reported as metafor prints it (τ² with its SE and, without moderators, the Q-profile
/// interval; I², H², R² in percent; Q_E), the omnibus test of moderators as QM (z tests) or F (t and
/// Knapp-Hartung), a prediction interval for intercept-only models. Separate-τ² subgroups report each
/// subgroup's estimate, τ² and I² and the Wald-type test of their differences (QB); having no joint
/// likelihood, they report no AIC or BIC. AIC and BIC come from the restricted likelihood under REML (as in
/// metafor), so they compare only models with the same coefficients; the result says so.
/// </remarks>
public sealed class FrequentistFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Engine == EngineKind.Frequentist
            && analysis.Model is Model.KindOneofCase.RandomEffects or Model.KindOneofCase.MetaRegression or Model.KindOneofCase.ThreeLevel
                or Model.KindOneofCase.DoseResponse or Model.KindOneofCase.Subgroups or Model.KindOneofCase.BinomialNormal;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var options = analysis.Frequentist!;
        if (analysis.Subgroups is { SeparateTau2: true } subgroups)
        {
            return FitSeparateSubgroups(analysis, subgroups, options);
        }

        if (analysis.Model == Model.KindOneofCase.BinomialNormal)
        {
            return BinomialNormalGlmm.Fit(analysis);
        }

        var result = analysis.ThreeLevel ? FitThreeLevel(analysis, options)
            : analysis.ScaleDesign is { } scale ? LocationScaleFitting.Fit(analysis, scale)
            : FitRandomEffects(analysis, options);
        if (analysis.Permutation is { } permutation)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Permutation = PermutationFitting.Test(analysis, options, permutation);
        }

        if (result.Fit?.Restricted == true)
        {
            result.Diagnostics.Notes.Add("log likelihood, AIC and BIC are restricted (REML): compare them only between models with the same coefficients");
        }

        return result;
    }

    /// <summary>The description of a frequentist model: structure, method, inference, and what the moderators are.</summary>
    private static string Describe(ValidatedAnalysis analysis, string structure)
    {
        if (analysis.Subgroups is { } subgroups)
        {
            return $"{structure}, subgroups by {subgroups.Moderator} (one meta-regression, common {(analysis.ThreeLevel ? "variance components" : "τ²")})";
        }

        var robust = analysis.Robust is { } type ? $", {type} cluster-robust with Satterthwaite df" : string.Empty;
        var what = analysis.Dose is not null ? " dose-response" : analysis.Design.HasModerators ? " meta-regression" : string.Empty;
        return $"{structure}{what}{SamplingErrorText.OnV(analysis)}{robust}";
    }

    private static FitResult FitRandomEffects(ValidatedAnalysis analysis, RandomEffectsOptions options)
    {
        var design = analysis.Design;
        var fit = RandomEffectsModel.Fit(analysis.Data.Effects, design, options);
        var result = FitResults.Start(analysis, "frequentist", Describe(analysis, $"random effects ({fit.Method})"));
        result.Coefficients.AddRange(fit.Coefficients.Select(FitResults.Coefficient));
        var heterogeneity = new Heterogeneity
        {
            Tau2 = fit.Tau2,
            I2 = fit.I2,
            H2 = fit.H2,
            Qe = fit.Qe,
            QeDf = fit.QeDegreesOfFreedom,
            QePValue = fit.QePValue,
            Residual = design.HasModerators,
        };
        if (double.IsFinite(fit.Tau2StandardError))
        {
            heterogeneity.Tau2Se = fit.Tau2StandardError;
        }

        if (design.HasModerators)
        {
            result.ModeratorTest = ModeratorTest(fit.ModeratorTest);
            if (fit.R2 is { } r2)
            {
                heterogeneity.R2 = r2;
            }
        }
        else
        {
            if (fit.Method != "EE")
            {
                var interval = fit.Tau2ConfidenceInterval();
                heterogeneity.Tau2CiLower = interval.Tau2Lower;
                heterogeneity.Tau2CiUpper = interval.Tau2Upper;
                heterogeneity.I2CiLower = interval.I2Lower;
                heterogeneity.I2CiUpper = interval.I2Upper;
                heterogeneity.H2CiLower = interval.H2Lower;
                heterogeneity.H2CiUpper = interval.H2Upper;
            }

            if (analysis.Report.Predictive)
            {
                var p = fit.Predict();
                result.Prediction = new PredictionInterval { Estimate = p.Estimate, Se = p.StandardError, CiLower = p.CiLower, CiUpper = p.CiUpper, PiLower = p.PiLower, PiUpper = p.PiUpper };
            }
        }

        result.Heterogeneity = heterogeneity;
        AddSubgroupMeans(analysis, result, fit.Beta, fit.Covariance, fit.DegreesOfFreedom, fit.ModeratorTest);
        result.Fit = FitResults.Fit(fit.Statistics, fit.Method == "REML");
        result.Diagnostics = new FitDiagnostics { Iterations = fit.Iterations };
        if (analysis.Report.PlotData)
        {
            result.PlotData = new PlotData();
            result.PlotData.Weights.AddRange(fit.Weights);
            result.PlotData.Curve = Curve(analysis, fit.Beta, fit.Covariance, fit.DegreesOfFreedom);
        }

        return result;
    }

    /// <summary>The three-level model <paramref name="analysis"/> describes (estimator, test, level, sampling covariance, design), fitted.</summary>
    internal static ThreeLevelFit FitThreeLevelModel(ValidatedAnalysis analysis)
    {
        var options = analysis.Frequentist!;
        var estimator = options.Method == "ML" ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood;
        var threeLevelOptions = new ThreeLevelOptions(estimator, options.Test, analysis.Level);
        return analysis.SamplingCovariance is { } v
            ? ThreeLevelModel.Fit(analysis.Data.Effects, v.Clusters, v, analysis.Design, threeLevelOptions)
            : ThreeLevelModel.Fit(analysis.Data.Effects, analysis.Data.Clusters!, analysis.Design, threeLevelOptions);
    }

    private static FitResult FitThreeLevel(ValidatedAnalysis analysis, RandomEffectsOptions options)
    {
        var design = analysis.Design;
        var estimator = options.Method == "ML" ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood;
        var fit = FitThreeLevelModel(analysis);
        var robust = analysis.Robust is { } type ? ClusterRobustInference.Compute(fit, new ClusterRobustOptions(type, Level: analysis.Level)) : null;
        var coefficients = robust?.Coefficients ?? fit.Coefficients;
        var result = FitResults.Start(analysis, "frequentist", Describe(analysis, $"three-level ({(estimator == ThreeLevelEstimator.MaximumLikelihood ? "ML" : "REML")})"));
        result.Coefficients.AddRange(coefficients.Select(FitResults.Coefficient));
        result.Heterogeneity = new Heterogeneity
        {
            Sigma2Between = fit.Sigma2Between,
            Sigma2Within = fit.Sigma2Within,
            Qe = fit.Qe,
            QeDf = fit.QeDegreesOfFreedom,
            QePValue = fit.QePValue,
            Residual = design.HasModerators,
        };
        if (design.HasModerators && robust is null)
        {
            result.ModeratorTest = ModeratorTest(fit.ModeratorTest);
        }

        if (!design.HasModerators && analysis.Report.Predictive)
        {
            // A new effect in a new cluster varies by both components (metafor's predict for rma.mv).
            var intercept = coefficients[0];
            var se = Math.Sqrt((intercept.StandardError * intercept.StandardError) + fit.Sigma2Between + fit.Sigma2Within);
            var critical = Critical(intercept.DegreesOfFreedom, analysis.Level);
            result.Prediction = new PredictionInterval
            {
                Estimate = intercept.Estimate,
                Se = intercept.StandardError,
                CiLower = intercept.CiLower,
                CiUpper = intercept.CiUpper,
                PiLower = intercept.Estimate - (critical * se),
                PiUpper = intercept.Estimate + (critical * se),
            };
        }

        var covariance = robust?.Covariance ?? fit.Covariance;

        // Robust coefficients each have their own Satterthwaite df; bands and subgroup means then use the normal quantile.
        var df = robust is null ? fit.DegreesOfFreedom : null;
        AddSubgroupMeans(analysis, result, fit.Beta, covariance, df, robust is null ? fit.ModeratorTest : null);
        result.Fit = FitResults.Fit(fit.Statistics, estimator == ThreeLevelEstimator.RestrictedMaximumLikelihood);
        result.Diagnostics = new FitDiagnostics { Iterations = fit.Iterations };
        if (analysis.SamplingCorrelation is { } samplingCorrelation)
        {
            result.SamplingCorrelation = samplingCorrelation;
            result.Diagnostics.Notes.Add(SamplingErrorText.Note(samplingCorrelation, fit.Clusters));
        }

        if (robust is not null)
        {
            result.Diagnostics.Notes.Add($"standard errors: {analysis.Robust} cluster-robust on {analysis.Data.ClusterCount} clusters, t tests with Satterthwaite degrees of freedom");
        }

        if (!fit.Converged)
        {
            // From the best of a grid of starts the line search only stalls where the likelihood is flat: a
            // ridge along which the variance between and within clusters trade off at equal fit.
            result.Warnings.Add("the variance components did not converge: the likelihood is flat around the estimate, so the data barely tell the variance between clusters from the variance within them; the values shown are the highest point found, and others fit almost as well");
        }

        if (analysis.Report.PlotData)
        {
            result.PlotData = new PlotData { Curve = Curve(analysis, fit.Beta, covariance, df) };
        }

        return result;
    }

    private static FitResult FitSeparateSubgroups(ValidatedAnalysis analysis, SubgroupSettings subgroups, RandomEffectsOptions options)
    {
        var fitted = SubgroupAnalysis.Fit(analysis.Data.Effects, subgroups.Levels, options);
        var result = FitResults.Start(analysis, "frequentist", $"subgroups by {subgroups.Moderator}, separate τ² ({options.Method})");
        foreach (var subgroup in fitted.Subgroups)
        {
            result.Subgroups.Add(new SubgroupEstimate
            {
                Level = subgroup.Level,
                K = subgroup.Fit.K,
                Estimate = FitResults.Coefficient(subgroup.Fit.Coefficients[0] with { Name = subgroup.Level }),
                Tau2 = subgroup.Fit.Tau2,
                I2 = subgroup.Fit.I2,
            });
        }

        if (fitted.SeparateTau2Test is { } test)
        {
            result.SubgroupTest = new TestStatistic { Name = "QB", Statistic = test.Q, Df = test.DegreesOfFreedom, PValue = test.PValue, Description = "Q between subgroups (separate τ²)" };
        }

        result.Diagnostics = new FitDiagnostics();
        result.Diagnostics.Notes.Add($"each subgroup has its own τ² ({options.Method}); QB tests the subgroups' estimates for differences");
        return result;
    }

    /// <summary>Common-τ² subgroups: each subgroup's mean x'β with its interval, and the test of the dummies as the subgroup test.</summary>
    private static void AddSubgroupMeans(ValidatedAnalysis analysis, FitResult result, IReadOnlyList<double> beta, Matrix<double> covariance, int? df, Core.Frequentist.ModeratorTest? test)
    {
        if (analysis.Subgroups is not { } subgroups)
        {
            return;
        }

        foreach (var (level, row) in SubgroupDesignRows.Of(analysis, subgroups))
        {
            var (estimate, se) = LinearCombination(beta, covariance, row);
            var critical = Critical(df, analysis.Level);
            var statistic = estimate / se;
            result.Subgroups.Add(new SubgroupEstimate
            {
                Level = level,
                K = subgroups.Levels.Count(l => l == level),
                Estimate = new Coefficient
                {
                    Name = level,
                    Estimate = estimate,
                    Se = se,
                    Statistic = statistic,
                    PValue = df is { } d ? 2 * StudentT.CDF(0, 1, d, -Math.Abs(statistic)) : 2 * Normal.CDF(0, 1, -Math.Abs(statistic)),
                    CiLower = estimate - (critical * se),
                    CiUpper = estimate + (critical * se),
                    Df = df ?? 0,
                },
            });
        }

        if (test is not null)
        {
            result.SubgroupTest = ModeratorTest(test);
            result.SubgroupTest.Description = $"test of subgroup differences (common {(analysis.ThreeLevel ? "variance components" : "τ²")})";
        }
    }

    private static TestStatistic ModeratorTest(Core.Frequentist.ModeratorTest test)
    {
        var statistic = new TestStatistic
        {
            Name = test.DenominatorDegreesOfFreedom is null ? "QM" : "F",
            Statistic = test.Statistic,
            Df = test.NumeratorDegreesOfFreedom,
            PValue = test.PValue,
            Description = "test of moderators",
        };
        if (test.DenominatorDegreesOfFreedom is { } denominator)
        {
            statistic.Df2 = denominator;
        }

        return statistic;
    }

    /// <summary>The fitted dose-response curve, or the regression line on the only continuous moderator, with its confidence band.</summary>
    private static CurveBand? Curve(ValidatedAnalysis analysis, IReadOnlyList<double> beta, Matrix<double> covariance, int? df)
    {
        Func<double, double[]>? row = null;
        IReadOnlyList<double>? xs = null;
        var variable = string.Empty;
        if (analysis.Dose is { Basis: not null } dose)
        {
            (row, xs, variable) = (dose.Row, dose.Doses, "dose");
        }
        else if (analysis.OnlyContinuousModerator is { } moderator && analysis.Design.HasIntercept)
        {
            (row, xs, variable) = (x => [1, x], moderator.Values, moderator.Name);
        }

        if (row is null || xs is null)
        {
            return null;
        }

        var critical = Critical(df, analysis.Level);
        return PlotDataBuilder.Band(
            variable,
            x =>
            {
                var (estimate, se) = LinearCombination(beta, covariance, row(x));
                return (estimate, estimate - (critical * se), estimate + (critical * se));
            },
            xs.Min(),
            xs.Max());
    }

    private static (double Estimate, double Se) LinearCombination(IReadOnlyList<double> beta, Matrix<double> covariance, double[] row)
    {
        var estimate = 0.0;
        var variance = 0.0;
        for (var i = 0; i < row.Length; i++)
        {
            estimate += row[i] * beta[i];
            for (var j = 0; j < row.Length; j++)
            {
                variance += row[i] * covariance[i, j] * row[j];
            }
        }

        return (estimate, Math.Sqrt(Math.Max(variance, 0)));
    }

    private static double Critical(double? df, double level)
    {
        var upperTail = 1 - ((1 - level) / 2);
        return df is { } d ? StudentTQuantile.Of(upperTail, d) : Normal.InvCDF(0, 1, upperTail);
    }
}
