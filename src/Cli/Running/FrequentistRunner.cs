using MathNet.Numerics.Distributions;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Frequentist.Subgroups;

namespace MetaAnalysis.Cli.Running;

/// <summary>Fits a plan's frequentist model: random effects or meta-regression (rma), three levels (rma.mv) with optional cluster-robust inference, or subgroups.</summary>
internal static class FrequentistRunner
{
    public static ModelResult Run(ModelPlan model, AnalysisData data)
    {
        if (model.Subgroups is { } column)
        {
            return Subgroups(model, data, column);
        }

        var design = ModelDesign.Create(model, data);
        return model.Structure == ModelStructure.ThreeLevel ? ThreeLevel(model, data, design) : RandomEffects(model, data, design);
    }

    private static ModelResult RandomEffects(ModelPlan model, AnalysisData data, ModelDesign design)
    {
        var options = new RandomEffectsOptions { Method = model.Method, Test = RandomEffectsOptions.TestFromCode(model.Test) };
        var fit = RandomEffectsModel.Fit(data.Effects, design.Matrix, options);
        var heterogeneity = new List<EstimateRow>();
        var prediction = (EstimateRow?)null;
        if (!fit.Design.HasModerators)
        {
            var interval = fit.Method == "EE" ? null : fit.Tau2ConfidenceInterval();
            heterogeneity.Add(new EstimateRow("tau2", fit.Tau2, NullIfNaN(fit.Tau2StandardError), interval?.Tau2Lower, interval?.Tau2Upper));
            heterogeneity.Add(new EstimateRow("I2 (%)", fit.I2, null, interval?.I2Lower, interval?.I2Upper));
            heterogeneity.Add(new EstimateRow("H2", fit.H2, null, interval?.H2Lower, interval?.H2Upper));
            var p = fit.Predict();
            prediction = new EstimateRow("new effect", p.Estimate, null, p.PiLower, p.PiUpper);
        }
        else
        {
            heterogeneity.Add(new EstimateRow("tau2 (residual)", fit.Tau2, NullIfNaN(fit.Tau2StandardError), null, null));
            heterogeneity.Add(new EstimateRow("I2 (%, residual)", fit.I2, null, null, null));
            if (fit.R2 is { } r2)
            {
                heterogeneity.Add(new EstimateRow("R2 (%)", r2, null, null, null));
            }
        }

        var s = fit.Statistics;
        var fits = new ModelFits { Data = data.Effects, Design = design.Matrix, RandomEffects = fit, Dose = design.Dose, ContinuousModerator = design.ContinuousModerator };
        return ModelRunner.Empty(model, Describe(model, $"random effects ({fit.Method})"), fits) with
        {
            Coefficients = fit.Coefficients.Select(Row).ToArray(),
            Heterogeneity = heterogeneity,
            Prediction = prediction,
            Fit = new FitSummary(s.LogLikelihood, s.Deviance, s.Aic, s.Bic, s.Aicc, fit.Qe, fit.QeDegreesOfFreedom, fit.QePValue, s.ParameterCount, fit.Method == "REML"),
        };
    }

    private static ModelResult ThreeLevel(ModelPlan model, AnalysisData data, ModelDesign design)
    {
        var estimator = model.Method.Equals("ML", StringComparison.OrdinalIgnoreCase) ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood;
        var test = RandomEffectsOptions.TestFromCode(model.Test);
        var studies = data.RequireStudies($"{model.Path}.structure");
        var fit = ThreeLevelModel.Fit(data.Effects, studies, design.Matrix, new ThreeLevelOptions(estimator, test));
        var warnings = fit.Converged ? new List<string>() : ["the variance components did not converge; the estimates may not be the maximum"];
        var coefficients = fit.Coefficients;
        ClusterRobustFit? robust = null;
        if (model.Robust is { } type)
        {
            robust = ClusterRobustInference.Compute(fit, new ClusterRobustOptions(Enum.Parse<SandwichType>(type)));
            coefficients = robust.Coefficients;
        }

        var prediction = (EstimateRow?)null;
        if (!fit.Design.HasModerators)
        {
            // A new effect from a new study varies by both components (metafor's predict for rma.mv).
            var c = coefficients[0];
            var se = Math.Sqrt((c.StandardError * c.StandardError) + fit.Sigma2Between + fit.Sigma2Within);
            var critical = c.DegreesOfFreedom is { } df ? StudentTQuantile.Of(0.975, df) : Normal.InvCDF(0, 1, 0.975);
            prediction = new EstimateRow("new effect", c.Estimate, null, c.Estimate - (critical * se), c.Estimate + (critical * se));
        }

        var s = fit.Statistics;
        var fits = new ModelFits { Data = data.Effects, Design = design.Matrix, ThreeLevel = fit, Robust = robust, Dose = design.Dose, ContinuousModerator = design.ContinuousModerator };
        var name = $"three-level ({(estimator == ThreeLevelEstimator.MaximumLikelihood ? "ML" : "REML")}){(robust is null ? string.Empty : $", {model.Robust} cluster-robust with Satterthwaite df")}";
        return ModelRunner.Empty(model, Describe(model, name), fits) with
        {
            Coefficients = coefficients.Select(Row).ToArray(),
            Heterogeneity =
            [
                new EstimateRow("sigma2_between (studies)", fit.Sigma2Between, null, null, null),
                new EstimateRow("sigma2_within (effects)", fit.Sigma2Within, null, null, null),
            ],
            Prediction = prediction,
            Fit = new FitSummary(s.LogLikelihood, s.Deviance, s.Aic, s.Bic, s.Aicc, fit.Qe, fit.QeDegreesOfFreedom, fit.QePValue, s.ParameterCount, estimator == ThreeLevelEstimator.RestrictedMaximumLikelihood),
            Warnings = warnings,
        };
    }

    private static ModelResult Subgroups(ModelPlan model, AnalysisData data, string column)
    {
        var levels = data.Table.Text(column);
        var options = new RandomEffectsOptions { Method = model.Method, Test = RandomEffectsOptions.TestFromCode(model.Test) };
        var analysis = SubgroupAnalysis.Fit(data.Effects, levels, options);
        var test = analysis.SeparateTau2Test;
        var fits = new ModelFits { Data = data.Effects, Subgroups = analysis, SubgroupOfEffect = levels };
        return ModelRunner.Empty(model, Describe(model, $"subgroups by {column}, separate τ² ({options.Method})"), fits) with
        {
            Subgroups = analysis.Subgroups.Select(g => new SubgroupRow(g.Level, g.Fit.K, Row(g.Fit.Coefficients[0]) with { Name = g.Level }, g.Fit.Tau2)).ToArray(),
            SubgroupTest = test is null ? null : new SubgroupTest("Q between subgroups (separate τ²)", test.Q, test.DegreesOfFreedom, test.PValue),
        };
    }

    private static string Describe(ModelPlan model, string what) =>
        model.Moderators.Count == 0 && model.Dose is null ? what : $"{what} meta-regression";

    private static EstimateRow Row(CoefficientEstimate c) =>
        new(c.Name, c.Estimate, c.StandardError, c.CiLower, c.CiUpper, PValue: c.PValue);

    private static double? NullIfNaN(double value) => double.IsFinite(value) ? value : null;
}
