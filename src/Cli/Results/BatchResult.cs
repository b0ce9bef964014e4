using MetaAnalysis.Cli.Documents;
using System.Text.Json.Serialization;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;

namespace MetaAnalysis.Cli.Results;

/// <summary>Everything a batch produced: the models, their comparison, the publication-bias checks, the sensitivity sweep, and how it ran.</summary>
/// <param name="Plan">The plan that ran.</param>
/// <param name="Data">The studies (not written to JSON; <see cref="K"/>, <see cref="Studies"/> and <see cref="Effects"/> are).</param>
/// <param name="Models">Fitted models in plan order.</param>
/// <param name="Failures">Models that could not be fitted.</param>
/// <param name="Comparison">The comparison table.</param>
/// <param name="PublicationBias">The publication-bias checks; null when none were asked for.</param>
/// <param name="Sensitivity">The correlation sweep; null when none was asked for.</param>
/// <param name="Run">Versions and timing.</param>
public sealed record BatchResult(
    [property: JsonIgnore] AnalysisPlan Plan,
    [property: JsonIgnore] AnalysisData Data,
    IReadOnlyList<ModelResult> Models,
    IReadOnlyList<ModelFailure> Failures,
    ComparisonResult Comparison,
    PublicationBiasResult? PublicationBias,
    SensitivityResult? Sensitivity,
    RunInformation Run)
{
    /// <summary>The plan's title.</summary>
    public string Title => Plan.Title;

    /// <summary>Number of effects.</summary>
    public int K => Data.K;

    /// <summary>Number of studies.</summary>
    public int Studies => Data.StudyCount;

    /// <summary>The measure (null when the table gave yi).</summary>
    public string? Measure => Data.Measure;

    /// <summary>The pre/post correlation imputed where none was reported (null when none was).</summary>
    public double? ImputedCorrelation => Data.ImputedCorrelation;

    /// <summary>How many effects have an imputed correlation.</summary>
    public int ImputedEffects => Data.ImputedRows.Count;

    /// <summary>Each effect: label, study, yi, vi.</summary>
    public IReadOnlyList<EffectRow> Effects => Data.Effects.Labels
        .Select((label, i) => new EffectRow(label, Data.Studies?[i], Data.Effects.Yi[i], Data.Effects.Vi[i]))
        .ToArray();

    /// <summary>The model called <paramref name="name"/>.</summary>
    public ModelResult Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new KeyNotFoundException($"the batch has no fitted model named '{name}'");
}

