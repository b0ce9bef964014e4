using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>bayes_rma</c>: Bayesian random-effects meta-analysis and meta-regression. Normal random effects go
/// to the exact engine; a non-normal random-effects distribution (<c>random_effects</c>) has no conjugate
/// structure and goes to NUTS.
/// </summary>
public sealed class BayesRmaTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "bayes_rma";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return NutsBayesRmaCases.Handles(testCase) ? NutsBayesRmaCases.Run(testCase) : RunExact(testCase);
    }

    /// <summary>Priors of the coefficients: <c>mu</c> (or <c>intercept</c>) for the intercept, <c>slopes</c> for every moderator column.</summary>
    internal static NormalPrior?[] CoefficientPriors(JsonObject priors, DesignMatrix design)
    {
        var intercept = priors.ContainsKey("mu") ? PriorReader.Location(priors, "mu") : PriorReader.Location(priors, "intercept");
        var slopes = PriorReader.Location(priors, "slopes");
        return design.ColumnNames.Select(name => name == "intrcpt" ? intercept : slopes).ToArray();
    }

    /// <summary>The figures every exact fit reports: coefficients (mu or beta), log_ml and the Bayes factors.</summary>
    internal static JsonObject CommonFigures(ExactPosterior posterior)
    {
        var figures = new JsonObject();
        if (posterior.CoefficientNames is ["intrcpt"])
        {
            figures["mu"] = Summary(posterior.Coefficient(0));
            figures["theta_new"] = Summary(posterior.PredictiveEffect());
        }
        else
        {
            figures["beta"] = new JsonArray(Enumerable.Range(0, posterior.CoefficientNames.Count).Select(j => (JsonNode)Summary(posterior.Coefficient(j))).ToArray());
        }

        if (posterior.LogMarginalLikelihood is { } logMl)
        {
            figures["log_ml"] = logMl;
        }

        if (posterior.CoefficientNames.Contains("intrcpt") && posterior.Model.CoefficientPriors[0] is not null)
        {
            figures["log_bf_effect"] = posterior.LogBayesFactorEffect();
        }

        figures["log_bf_heterogeneity"] = posterior.LogBayesFactorHeterogeneity();
        return figures;
    }

    /// <summary>{mean sd median q025 q975} of a posterior.</summary>
    internal static JsonObject Summary(UnivariatePosterior posterior)
    {
        var interval = posterior.CentralInterval(0.95);
        return Figures.Summary(posterior.Mean, posterior.Sd, posterior.Median, interval.Lower, interval.Upper);
    }

    private static JsonObject RunExact(ConformanceCase testCase)
    {
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var design = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));
        var priors = testCase.Options["priors"] as JsonObject ?? throw new FormatException("options.priors is required");
        var model = ExactModel.RandomEffects(data, design, CoefficientPriors(priors, design), PriorReader.Scale(priors, "tau"));
        var posterior = ExactBayes.Fit(model);
        var figures = CommonFigures(posterior);
        figures["tau"] = Summary(posterior.Tau);
        return figures;
    }
}
