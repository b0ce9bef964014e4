using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Reports.Documents;

/// <summary>
/// Everything a batch produced, whether it ran in this process or on the service: the data as the request
/// carried it, every model's outcome (the contract's <see cref="FitResult"/>), the comparison table, and how
/// it ran. Console tables, JSON, figures and the HTML report are all rendered from this one type.
/// </summary>
/// <param name="Title">The analysis's title.</param>
/// <param name="Data">The data set the models were fitted to.</param>
/// <param name="Models">Each model's outcome, in request order.</param>
/// <param name="Comparison">The comparison table; empty while a remote batch has open jobs.</param>
/// <param name="Run">Where and how it ran (ids, times, host, versions): the only part that differs between a local and a remote run.</param>
/// <param name="Inputs">The plan and data files of a local run, for the report's reproducibility section; null for a remote batch.</param>
public sealed record AnalysisDocument(
    string Title,
    DataSet Data,
    IReadOnlyList<ModelOutcome> Models,
    ComparisonTable Comparison,
    RunInformation Run,
    PlanInputs? Inputs)
{
    /// <summary>The effect sizes the models used: the first result's computed table, or the data's own yi and vi.</summary>
    public (IReadOnlyList<double> Yi, IReadOnlyList<double> Vi) Effects
    {
        get
        {
            var computed = Models.Select(m => m.Result?.EffectSizes).FirstOrDefault(t => t is not null);
            if (computed is not null)
            {
                return (computed.Yi, computed.Vi);
            }

            return Data.EffectSizes is { } given ? (given.Yi, given.Vi) : ([], []);
        }
    }

    /// <summary>Number of effects.</summary>
    public int K => Effects.Yi.Count;

    /// <summary>Number of clusters (studies), a missing one not counted; k when the data have none.</summary>
    public int Studies => Data.Clusters.Count == 0 ? K : Data.Clusters.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The measure code (SMCC, OR, ...), or null for ready-made effects.</summary>
    public string? Measure => Data.Raw?.Measure;

    /// <summary>Each effect's label (its 1-based row when the data have none).</summary>
    public IReadOnlyList<string> Labels => Data.Labels.Count > 0
        ? Data.Labels
        : Enumerable.Range(1, K).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The data set's rows <paramref name="result"/>'s model used: every row but those it left out for a missing value.</summary>
    public IReadOnlyList<int> RowsOf(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var omitted = result.Omitted.Select(o => o.Row).ToHashSet();
        return Enumerable.Range(0, K).Where(i => !omitted.Contains(i)).ToArray();
    }

    /// <summary>The models that have a result.</summary>
    public IEnumerable<(string Name, FitResult Result)> Results =>
        Models.Where(m => m.Result is not null).Select(m => (m.Name, m.Result!));
}
