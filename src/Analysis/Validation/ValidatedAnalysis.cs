using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// A spec after validation, in Core's terms: the data, the model kind and structure, the engine with its
/// options, the priors, the fixed-effects design and what to report. The fitters read this, not the spec.
/// </summary>
public sealed class ValidatedAnalysis
{
    /// <summary>The spec as submitted (a sweep refits its data with other correlations).</summary>
    public required ModelSpec Spec { get; init; }

    /// <summary>The validated data.</summary>
    public required AnalysisData Data { get; init; }

    /// <summary>The kind of model.</summary>
    public required Model.KindOneofCase Model { get; init; }

    /// <summary>The engine.</summary>
    public required EngineKind Engine { get; init; }

    /// <summary>Whether effects are nested in the data's clusters (three-level models, three-level dose curves and subgroups).</summary>
    public required bool ThreeLevel { get; init; }

    /// <summary>
    /// The fixed-effects design: intercept and moderators, the subgroup dummies (common τ²), or the dose
    /// basis and further moderators; the intercept alone for the models without one.
    /// </summary>
    public required DesignMatrix Design { get; init; }

    /// <summary>The confidence or credible level (0.95 unless the spec says otherwise).</summary>
    public required double Level { get; init; }

    /// <summary>The priors (none for frequentist engines).</summary>
    public required AnalysisPriors Priors { get; init; }

    /// <summary>What to report.</summary>
    public required ReportFlags Report { get; init; }

    /// <summary>The frequentist engine's τ² method, test and level; null for other engines.</summary>
    public RandomEffectsOptions? Frequentist { get; init; }

    /// <summary>The cluster-robust estimator of a frequentist three-level fit; null for model-based inference.</summary>
    public SandwichType? Robust { get; init; }

    /// <summary>
    /// The covariance V of the sampling errors of a three-level model built from its working correlation ρ
    /// within clusters; null for independent errors (V = diag(vi)).
    /// </summary>
    public SamplingCovariance? SamplingCovariance { get; init; }

    /// <summary>The working correlation V was built with; null for independent errors.</summary>
    public double? SamplingCorrelation => SamplingCovariance is null ? null : ClusterStructure.SamplingCorrelation(Spec.Model)?.Rho;

    /// <summary>A location-scale model's scale design (log τ²ᵢ = zᵢ'α, intercept first); null for one τ².</summary>
    public DesignMatrix? ScaleDesign { get; init; }

    /// <summary>The permutation test beside the model-based tests (frequentist random effects and meta-regression); null for none.</summary>
    public PermutationSettings? Permutation { get; init; }

    /// <summary>The sampler's options (NUTS).</summary>
    public SamplerOptions? Sampler { get; init; }

    /// <summary>NUTS: posterior draws per chain between partial summaries.</summary>
    public int PartialSummaryEvery { get; init; }

    /// <summary>The exact engine's target relative integration error; null for its default.</summary>
    public double? IntegrationTolerance { get; init; }

    /// <summary>Degrees of freedom of Student-t random effects; null for normal random effects.</summary>
    public double? StudentTDegreesOfFreedom { get; init; }

    /// <summary>The dose-response part; null for other models.</summary>
    public DoseDesign? Dose { get; init; }

    /// <summary>Bayesian PET / PEESE (NUTS random effects or three-level): the designs sampled; null for none. <see cref="Design"/> is PET's when PET is sampled, else PEESE's.</summary>
    public BayesianBias? BayesianBias { get; init; }

    /// <summary>The Bayesian step selection model's cut points below 1 (NUTS random effects or three-level); null for none.</summary>
    public IReadOnlyList<double>? SelectionCuts { get; init; }

    /// <summary>The subgroups; null for other models.</summary>
    public SubgroupSettings? Subgroups { get; init; }

    /// <summary>The publication-bias checks; null for other models.</summary>
    public PublicationBiasSpec? PublicationBias { get; init; }

    /// <summary>The correlation sweep; null for other models.</summary>
    public SweepSettings? Sweep { get; init; }

    /// <summary>The only moderator when it is continuous (and the model has no dose): a regression line can be drawn on it.</summary>
    public ContinuousModerator? OnlyContinuousModerator { get; init; }

    /// <summary>The model's name in results: <c>random_effects</c>, <c>three_level</c>, ...</summary>
    public string ModelName => ModelNames.Of(Model);

    /// <summary>Whether the engine is Bayesian.</summary>
    public bool IsBayesian => Engine is EngineKind.ExactBayes or EngineKind.Nuts;
}
