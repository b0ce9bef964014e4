using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// The data of one model in Core's terms, validated: the effects (given, or computed from raw columns), and
/// the optional per-effect clusters, moderators and doses — the rows of the data set that are complete in
/// the columns the model uses, with the rows it left out (<see cref="DataSetRows.ForModel"/>).
/// </summary>
public sealed class AnalysisData
{
    internal AnalysisData(EffectData effects, EffectSizeResult? computed, IReadOnlyList<string>? clusters, IReadOnlyDictionary<string, Moderator> moderators, IReadOnlyList<double>? dose, IReadOnlyList<int> rows, IReadOnlyList<OmittedEffect> omitted)
    {
        Rows = rows;
        Omitted = omitted;
        Effects = effects;
        ComputedEffectSizes = computed;
        Clusters = clusters;
        Moderators = moderators;
        Dose = dose;
    }

    /// <summary>The effects and sampling variances, with labels.</summary>
    public EffectData Effects { get; }

    /// <summary>The effect-size computation of every row of the data set when the spec gave raw columns; null for ready-made effects.</summary>
    public EffectSizeResult? ComputedEffectSizes { get; }

    /// <summary>The cluster of every effect, or null when the spec has none.</summary>
    public IReadOnlyList<string>? Clusters { get; }

    /// <summary>The moderators by name.</summary>
    public IReadOnlyDictionary<string, Moderator> Moderators { get; }

    /// <summary>The dose of every effect, or null when the spec has none.</summary>
    public IReadOnlyList<double>? Dose { get; }

    /// <summary>The data set's row of each effect (0-based).</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>The rows of the data set left out for a missing value, in row order.</summary>
    public IReadOnlyList<OmittedEffect> Omitted { get; }

    /// <summary>Number of effects.</summary>
    public int K => Effects.K;

    /// <summary>Number of distinct clusters (k when the data have none).</summary>
    public int ClusterCount => Clusters?.Distinct(StringComparer.Ordinal).Count() ?? K;
}
