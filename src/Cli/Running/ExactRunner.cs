using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Running;

/// <summary>
/// Fits a plan's model with the exact Bayesian engine: random effects, meta-regression, linear-in-coefficient
/// dose-response curves, and three levels. Bayesian subgroups are a meta-regression on the subgroup column
/// with one τ, so their differences get a Bayes factor.
/// </summary>
internal static class ExactRunner
{
    public static ModelResult Run(ModelPlan model, AnalysisData data)
    {
        var priors = model.Priors ?? throw new InvalidOperationException("a Bayesian model without priors passed validation");
        var planForDesign = model.Subgroups is { } column ? model with { Moderators = [column] } : model;
        var design = ModelDesign.Create(planForDesign, data);
        var coefficientPriors = design.Matrix.ColumnNames.Select(n => n == "intrcpt" ? priors.Intercept : priors.Slopes).ToArray();
        var exactModel = model.Structure == ModelStructure.ThreeLevel
            ? ExactModel.ThreeLevel(data.Effects, data.RequireStudies($"{model.Path}.structure"), design.Matrix, coefficientPriors, priors.SigmaBetween!, priors.SigmaWithin!)
            : ExactModel.RandomEffects(data.Effects, design.Matrix, coefficientPriors, priors.Tau!);
        var posterior = ExactBayes.Fit(exactModel);

        // P(> 0) says nothing about a standard deviation, so heterogeneity rows leave it out.
        var heterogeneity = new List<EstimateRow>();
        if (exactModel.IsThreeLevel)
        {
            heterogeneity.Add(Row("sigma_between (studies)", posterior.Component("sigma_between")) with { ProbabilityPositive = null });
            heterogeneity.Add(Row("sigma_within (effects)", posterior.Component("sigma_within")) with { ProbabilityPositive = null });
        }
        else
        {
            heterogeneity.Add(Row("tau", posterior.Tau) with { ProbabilityPositive = null });
            heterogeneity.Add(Row("tau2", posterior.Tau2) with { ProbabilityPositive = null });
            heterogeneity.Add(Scaled(Row(design.Matrix.HasModerators ? "I2 (%, residual)" : "I2 (%)", posterior.I2), 100));
        }

        var bayesFactors = BayesFactors(model, design, posterior);
        var subgroups = model.Subgroups is { } subgroupColumn ? SubgroupRows(data, subgroupColumn, design.Matrix, posterior) : [];
        var fits = new ModelFits
        {
            Data = data.Effects,
            Design = design.Matrix,
            Exact = posterior,
            Dose = design.Dose,
            ContinuousModerator = design.ContinuousModerator,
            SubgroupOfEffect = model.Subgroups is { } g ? data.Table.Text(g) : null,
        };
        var structure = exactModel.IsThreeLevel ? "three-level" : "random effects";
        var what = model.Subgroups is not null ? $"{structure}, subgroups by {model.Subgroups} (one meta-regression)" : design.Matrix.HasModerators ? $"{structure} meta-regression" : structure;
        return ModelRunner.Empty(model, $"Bayesian {what}, exact", fits) with
        {
            Coefficients = posterior.CoefficientNames.Select((name, j) => Row(name, posterior.Coefficient(j))).ToArray(),
            Heterogeneity = heterogeneity,
            Prediction = design.Matrix.HasModerators ? null : Row("new effect", posterior.PredictiveEffect()),
            Subgroups = subgroups,
            LogMarginalLikelihood = posterior.LogMarginalLikelihood,
            BayesFactors = bayesFactors,
            IntegrationError = posterior.Diagnostics.RelativeErrorEstimate,
        };
    }

    /// <summary>{mean, sd, 95% central interval, P(&gt; 0)} of a posterior.</summary>
    public static EstimateRow Row(string name, UnivariatePosterior posterior)
    {
        var summary = posterior.Summarize();
        return new EstimateRow(name, summary.Mean, summary.Sd, summary.Central.Lower, summary.Central.Upper, ProbabilityPositive: summary.ProbabilityPositive);
    }

    private static EstimateRow Scaled(EstimateRow row, double factor) => row with
    {
        Estimate = row.Estimate * factor,
        Spread = row.Spread * factor,
        Lower = row.Lower * factor,
        Upper = row.Upper * factor,
        ProbabilityPositive = null,
    };

    private static List<BayesFactor> BayesFactors(ModelPlan model, ModelDesign design, ExactPosterior posterior)
    {
        var result = new List<BayesFactor>();
        var names = design.Matrix.ColumnNames;
        var priors = posterior.Model.CoefficientPriors;
        bool Proper(IEnumerable<string> columns) => columns.All(c => priors[names.ToList().IndexOf(c)] is not null);
        if (!design.Matrix.HasModerators && names.Contains("intrcpt") && Proper(["intrcpt"]))
        {
            result.Add(new BayesFactor("effect ≠ 0", posterior.LogBayesFactorEffect()));
        }

        var slopes = design.SlopeNames;
        if (slopes.Count > 0 && Proper(slopes))
        {
            var hypothesis = model.Dose is not null ? "dose dependence" : model.Subgroups is not null ? "subgroup differences" : "moderator effects";
            result.Add(new BayesFactor(hypothesis, posterior.LogBayesFactorCoefficients(slopes.ToArray())));
        }

        result.Add(new BayesFactor(posterior.Model.IsThreeLevel ? "heterogeneity (either σ > 0)" : "heterogeneity (τ > 0)", posterior.LogBayesFactorHeterogeneity()));
        if (posterior.Model.IsThreeLevel)
        {
            result.Add(new BayesFactor("between-study variation (σ_between > 0)", posterior.LogBayesFactorComponent("sigma_between")));
        }

        return result;
    }

    private static SubgroupRow[] SubgroupRows(AnalysisData data, string column, DesignMatrix design, ExactPosterior posterior)
    {
        var levels = data.Table.Text(column);
        return levels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(level =>
        {
            var row = Enumerable.Range(0, levels.Length).First(i => levels[i] == level);
            var x = Enumerable.Range(0, design.Columns).Select(j => design.X[row, j]).ToArray();
            return new SubgroupRow(level, levels.Count(l => l == level), Row(level, posterior.LinearCombination(x)), null);
        }).ToArray();
    }
}
