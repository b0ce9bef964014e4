using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Frequentist.Subgroups;

namespace MetaAnalysis.Cli.Results;

/// <summary>The engines' own results behind a <see cref="ModelResult"/>, kept for plots (not written to JSON).</summary>
public sealed record ModelFits
{
    /// <summary>The effects the model was fitted to.</summary>
    public required EffectData Data { get; init; }

    /// <summary>The design (intercept, moderators, dose basis).</summary>
    public DesignMatrix? Design { get; init; }

    /// <summary>A frequentist random-effects fit.</summary>
    public RandomEffectsFit? RandomEffects { get; init; }

    /// <summary>A frequentist three-level fit.</summary>
    public ThreeLevelFit? ThreeLevel { get; init; }

    /// <summary>Cluster-robust inference on <see cref="ThreeLevel"/>.</summary>
    public ClusterRobustFit? Robust { get; init; }

    /// <summary>Frequentist subgroups.</summary>
    public SubgroupAnalysisResult? Subgroups { get; init; }

    /// <summary>The subgroup of each effect (subgroup models).</summary>
    public IReadOnlyList<string>? SubgroupOfEffect { get; init; }

    /// <summary>An exact posterior.</summary>
    public ExactPosterior? Exact { get; init; }

    /// <summary>A NUTS run.</summary>
    public SamplingResult? Sampling { get; init; }

    /// <summary>The sampled quantities that summarize the model (coefficients and standard deviations).</summary>
    public IReadOnlyList<string> SampledQuantities { get; init; } = [];

    /// <summary>The dose-response curve's inputs.</summary>
    public DoseCurveData? Dose { get; init; }

    /// <summary>The only continuous moderator (name and values), for a bubble plot; null otherwise.</summary>
    public (string Name, IReadOnlyList<double> Values)? ContinuousModerator { get; init; }
}
