using System.Text.Json.Serialization;
using MetaAnalysis.Cli.Plans;

namespace MetaAnalysis.Cli.Results;

/// <summary>Everything reported about one fitted model of a plan.</summary>
/// <param name="Plan">The model as the plan describes it.</param>
/// <param name="Description">A one-line description of what was fitted.</param>
/// <param name="K">Effects used.</param>
/// <param name="Coefficients">Coefficients (or the Emax curve's parameters).</param>
/// <param name="Heterogeneity">τ, τ², I², σ's.</param>
/// <param name="Prediction">The predictive interval of a new effect (intercept-only models): estimate and 95% prediction interval.</param>
/// <param name="Subgroups">Subgroup estimates (subgroup models).</param>
/// <param name="SubgroupTest">The frequentist test of subgroup differences.</param>
/// <param name="Fit">Frequentist fit statistics.</param>
/// <param name="LogMarginalLikelihood">log p(y | model) (exact engine, proper priors).</param>
/// <param name="BayesFactors">Bayes factors for the effect, heterogeneity, moderators or dose.</param>
/// <param name="IntegrationError">The exact engine's estimated relative integration error.</param>
/// <param name="Sampler">The NUTS run's checks.</param>
/// <param name="Loo">PSIS-LOO (sampled models).</param>
/// <param name="Warnings">Plain-words warnings (convergence, diagnostics).</param>
/// <param name="Seconds">Wall time of the fit.</param>
/// <param name="Fits">The engines' results, for plots.</param>
public sealed record ModelResult(
    ModelPlan Plan,
    string Description,
    int K,
    IReadOnlyList<EstimateRow> Coefficients,
    IReadOnlyList<EstimateRow> Heterogeneity,
    EstimateRow? Prediction,
    IReadOnlyList<SubgroupRow> Subgroups,
    SubgroupTest? SubgroupTest,
    FitSummary? Fit,
    double? LogMarginalLikelihood,
    IReadOnlyList<BayesFactor> BayesFactors,
    double? IntegrationError,
    SamplerSummary? Sampler,
    LooSummary? Loo,
    IReadOnlyList<string> Warnings,
    double Seconds,
    [property: JsonIgnore] ModelFits Fits)
{
    /// <summary>The model's name.</summary>
    public string Name => Plan.Name;

    /// <summary>The coefficient <paramref name="name"/>.</summary>
    public EstimateRow Coefficient(string name) =>
        Coefficients.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"model '{Name}' has no coefficient '{name}'");
}
