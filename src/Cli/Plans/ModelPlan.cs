using System.Text.Json.Serialization;

namespace MetaAnalysis.Cli.Plans;

/// <summary>One model of a plan.</summary>
/// <param name="Name">A name unique in the plan (used in tables, plots and comparisons).</param>
/// <param name="Engine">The engine that fits it.</param>
/// <param name="Structure">Random effects or three-level (effects within studies).</param>
/// <param name="Method">The τ² estimator of a frequentist random-effects fit (REML, DL, ...), or REML/ML for three levels.</param>
/// <param name="Test">z, t or knha (Knapp-Hartung) for frequentist fits.</param>
/// <param name="Moderators">Moderator columns; a text column becomes dummies with a reference level.</param>
/// <param name="References">The reference level of categorical moderators (column → level); default: the first level in sorted order.</param>
/// <param name="Subgroups">A column whose levels are analysed as subgroups; null for none.</param>
/// <param name="Dose">The dose of a dose-response model; null for none.</param>
/// <param name="Robust">Cluster-robust inference on the study column (CR0, CR1, CR1p, CR2); frequentist three-level models only.</param>
/// <param name="Priors">The priors read from the plan (null for frequentist models).</param>
/// <param name="PriorsText">The priors object as written in the plan (JSON), for reports.</param>
/// <param name="Sampler">NUTS settings.</param>
/// <param name="Index">The model's position in the plan (errors name <c>models[Index]</c>).</param>
public sealed record ModelPlan(
    string Name,
    ModelEngine Engine,
    ModelStructure Structure,
    string Method,
    string Test,
    IReadOnlyList<string> Moderators,
    IReadOnlyDictionary<string, string> References,
    string? Subgroups,
    DosePlan? Dose,
    string? Robust,
    [property: JsonIgnore] Contracts.V1.Priors? Priors,
    string? PriorsText,
    SamplerPlan Sampler,
    int Index)
{
    /// <summary>The cut points of a Bayesian step-function selection model (NUTS random effects); null for none.</summary>
    public IReadOnlyList<double>? SelectionSteps { get; init; }

    /// <summary>Robust Bayesian model averaging instead of a single model; null for none.</summary>
    public AveragingPlan? Averaging { get; init; }

    /// <summary>The field path of this model in errors.</summary>
    public string Path => $"models[{Index}]";

    /// <summary>The working correlation of the sampling errors within studies (<c>rho</c>, three-level models); null for independent errors.</summary>
    public double? SamplingCorrelation { get; init; }

    /// <summary>The moderators of log τ² of a location-scale model (<c>scale_moderators</c>); empty for one τ².</summary>
    public IReadOnlyList<string> ScaleModerators { get; init; } = [];

    /// <summary>The permutation test beside the model's own tests; null for none.</summary>
    public PermutationPlan? Permutation { get; init; }

    /// <summary>Whether the model is Bayesian.</summary>
    public bool IsBayesian => Engine != ModelEngine.Frequentist;
}
