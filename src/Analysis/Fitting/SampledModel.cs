using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// An analysis's model in the sampler's terms: the log density, the quantities reported, what a new
/// study's true effect is made of (when it is a normal around one location), and what PSIS-LOO leaves out.
/// </summary>
/// <param name="Model">The model the sampler runs.</param>
/// <param name="Quantities">The outputs summarized in the result (coefficients and scales; not the per-study effects).</param>
/// <param name="PredictiveLocation">The location of a new study's effect (null when it is not a single normal).</param>
/// <param name="PredictiveScales">The standard deviations whose squares add up to a new study's variance around the location.</param>
/// <param name="LooUnit">What one PSIS-LOO observation is.</param>
/// <param name="Description">What is sampled, in words.</param>
internal sealed record SampledModel(IModel Model, string[] Quantities, string? PredictiveLocation, string[] PredictiveScales, string LooUnit, string Description)
{
    /// <summary>
    /// Prior on each study's baseline log odds in the binomial-normal model. The spec has no field for it:
    /// the baselines are nuisance parameters that each study's control arm informs, so a wide normal on the
    /// logit scale leaves them to the data.
    /// </summary>
    public static readonly NormalPrior BaselinePrior = NormalPrior.Create(0, 10, "baseline");

    /// <summary>The sampled model of <paramref name="analysis"/>.</summary>
    public static SampledModel For(ValidatedAnalysis analysis) => For(analysis, analysis?.Design!);

    /// <summary>
    /// The sampled model of <paramref name="analysis"/> on the fixed-effects design <paramref name="design"/>
    /// (its own, or the other regression of a conditional PET-PEESE).
    /// </summary>
    public static SampledModel For(ValidatedAnalysis analysis, DesignMatrix design)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(design);
        var priors = analysis.Priors;
        var effects = analysis.Data.Effects;
        var slopes = priors.Slopes;

        // Without an intercept every coefficient takes the slopes prior; the models still want one to hand.
        var mu = priors.Mu ?? slopes!;
        var predictiveLocation = design.HasModerators ? null : "mu";
        var adjusted = analysis.BayesianBias is null ? string.Empty : $" with the {(design.ColumnNames[^1] == "sei" ? "PET regression on the SE" : "PEESE regression on the variance")}";
        if (analysis.StudentTDegreesOfFreedom is { } df)
        {
            var studentT = StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(effects, df, mu, priors.Tau!);
            return new SampledModel(studentT, [.. studentT.CoefficientNames, "tau"], null, [], "one effect, given its study's true effect", "Student-t random effects");
        }

        if (analysis.SelectionCuts is { } cuts)
        {
            // RoBMA's cumulative Dirichlet prior keeps the weights decreasing.
            var weights = StepWeightPrior.CumulativeDirichlet(Enumerable.Repeat(1.0, cuts.Count + 1).ToArray());
            if (analysis.ThreeLevel)
            {
                var nested = new ThreeLevelStepSelectionModel(effects, analysis.Data.Clusters!, cuts, mu, priors.SigmaBetween!, priors.SigmaWithin!, weights, design, slopes);
                return new SampledModel(nested, [.. nested.ParameterNames], predictiveLocation, ["sigma_between", "sigma_within"], "one cluster", "three-level step-function selection model (each effect selected on its own p-value given its study's effect; cumulative Dirichlet weights)");
            }

            var stepModel = new StepSelectionModel(effects, cuts, mu, priors.Tau!, weights);
            return new SampledModel(stepModel, [.. stepModel.ParameterNames], "mu", ["tau"], "one effect", "step-function selection model (cumulative Dirichlet weights)");
        }

        if (analysis.ScaleDesign is { } scaleDesign)
        {
            var locationScale = new LocationScaleModel(effects, design, scaleDesign, mu, slopes, priors.ScaleIntercept!, priors.ScaleSlopes);
            return new SampledModel(locationScale, [.. locationScale.CoefficientNames, .. locationScale.ScaleNames], null, [], "one effect", $"location-scale {(design.HasModerators ? "meta-regression" : "random effects")}, log τ² on {string.Join(", ", scaleDesign.ColumnNames.Skip(1))} (non-centred)");
        }

        if (analysis.Dose is { Curve: DoseResponseCurve.Emax } dose)
        {
            var clusters = analysis.ThreeLevel ? analysis.Data.Clusters : null;
            var emax = new EmaxDoseResponseModel(effects, dose.ScaledDoses, priors.E0!, priors.Emax!, priors.Ed50!, priors.Tau!, clusters);
            return new SampledModel(emax, ["e0", "emax", "ed50", "tau"], null, [], clusters is null ? "one effect" : "one cluster", clusters is null ? "Emax dose-response" : "Emax dose-response with a random effect per study");
        }

        if (analysis.Model == Contracts.V1.Model.KindOneofCase.BinomialNormal)
        {
            var (ai, n1i, ci, n2i) = Tables(analysis.Spec.Data.Raw);
            var binomial = new Core.Bayesian.Models.BinomialNormalModel(ai, n1i, ci, n2i, mu, priors.Tau!, BaselinePrior);
            return new SampledModel(binomial, ["mu", "tau"], "mu", ["tau"], "one study's 2x2 table, given its parameters", "binomial-normal model of the 2x2 tables");
        }

        if (analysis.ThreeLevel)
        {
            var threeLevel = new NonCentredThreeLevelModel(effects, analysis.Data.Clusters!, mu, priors.SigmaBetween!, priors.SigmaWithin!, design, slopes);
            return new SampledModel(threeLevel, [.. threeLevel.CoefficientNames, "sigma_between", "sigma_within"], predictiveLocation, ["sigma_between", "sigma_within"], "one cluster", $"three-level{(design.HasModerators && adjusted.Length == 0 ? " meta-regression" : string.Empty)}{adjusted} (non-centred)");
        }

        var randomEffects = new NonCentredRandomEffectsModel(effects, mu, priors.Tau!, design, slopes);
        return new SampledModel(randomEffects, [.. randomEffects.CoefficientNames, "tau"], predictiveLocation, ["tau"], "one effect", $"random effects{(design.HasModerators && adjusted.Length == 0 ? " meta-regression" : string.Empty)}{adjusted} (non-centred)");
    }

    /// <summary>The prior density of a sampled quantity, for density plots; null when it has none of its own.</summary>
    public static Func<double, double>? PriorDensity(AnalysisPriors priors, string quantity)
    {
        ArgumentNullException.ThrowIfNull(priors);
        Func<double, double>? normal(NormalPrior? prior) => prior is null ? null : x => Math.Exp(prior.LogDensity(x));
        Func<double, double>? scale(ScalePrior? prior) => prior is null ? null : x => Math.Exp(prior.LogDensity(x));
        return quantity switch
        {
            _ when quantity == "mu" || quantity == $"beta[{Core.Data.DesignMatrix.InterceptName}]" => normal(priors.Mu),
            "tau" => scale(priors.Tau),
            "sigma_between" => scale(priors.SigmaBetween),
            "sigma_within" => scale(priors.SigmaWithin),
            "e0" => normal(priors.E0),
            "emax" => normal(priors.Emax),
            "ed50" => priors.Ed50 is { } ed50 ? x => Math.Exp(ed50.LogDensity(x)) : null,
            _ when quantity == $"alpha[{Core.Data.DesignMatrix.InterceptName}]" => normal(priors.ScaleIntercept),
            _ when quantity.StartsWith("alpha[", StringComparison.Ordinal) => normal(priors.ScaleSlopes),
            _ when quantity.StartsWith("beta[", StringComparison.Ordinal) => normal(priors.Slopes),
            _ => null,
        };
    }

    private static (double[] Ai, double[] N1i, double[] Ci, double[] N2i) Tables(RawColumns raw)
    {
        var ai = raw.Ai.ToArray();
        var ci = raw.Ci.ToArray();
        var n1i = raw.N1I.Count > 0 ? raw.N1I.ToArray() : ai.Zip(raw.Bi, (a, b) => a + b).ToArray();
        var n2i = raw.N2I.Count > 0 ? raw.N2I.ToArray() : ci.Zip(raw.Di, (c, d) => c + d).ToArray();
        return (ai, n1i, ci, n2i);
    }
}
