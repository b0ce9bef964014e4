using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// The data of a spec in Core's terms, validated: the effects (given, or computed from raw columns), and
/// the optional per-effect clusters, moderators and doses.
/// </summary>
public sealed class AnalysisData
{
    internal AnalysisData(EffectData effects, EffectSizeResult? computed, IReadOnlyList<string>? clusters, IReadOnlyDictionary<string, Moderator> moderators, IReadOnlyList<double>? dose)
    {
        Effects = effects;
        ComputedEffectSizes = computed;
        Clusters = clusters;
        Moderators = moderators;
        Dose = dose;
    }

    /// <summary>The effects and sampling variances, with labels.</summary>
    public EffectData Effects { get; }

    /// <summary>The effect-size computation when the spec gave raw columns; null for ready-made effects.</summary>
    public EffectSizeResult? ComputedEffectSizes { get; }

    /// <summary>The cluster of every effect, or null when the spec has none.</summary>
    public IReadOnlyList<string>? Clusters { get; }

    /// <summary>The moderators by name.</summary>
    public IReadOnlyDictionary<string, Moderator> Moderators { get; }

    /// <summary>The dose of every effect, or null when the spec has none.</summary>
    public IReadOnlyList<double>? Dose { get; }

    /// <summary>Number of effects.</summary>
    public int K => Effects.K;

    /// <summary>Number of distinct clusters (k when the data have none).</summary>
    public int ClusterCount => Clusters?.Distinct(StringComparer.Ordinal).Count() ?? K;
}
