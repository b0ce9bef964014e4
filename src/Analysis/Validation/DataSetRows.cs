using System.Globalization;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// The data set of a request as read, every row with its missing values (NaN, or an empty level or
/// cluster): the effects, the computed effect sizes, labels, clusters, moderators and doses. A model
/// takes the rows complete in the columns it uses (<see cref="ForModel"/>), as metafor's <c>na.omit</c>
/// does, or refuses a missing value (<see cref="MissingValues.Fail"/>).
/// </summary>
public sealed class DataSetRows
{
    private readonly string path;
    private readonly string effectsPath;
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly string[] labels;
    private readonly string[]? clusters;
    private readonly IReadOnlyList<ModeratorValues> moderators;
    private readonly double[]? dose;
    private readonly Dictionary<int, string> missingEffectInputs;

    /// <summary>What a model does with a missing value it would use.</summary>
    private readonly MissingValues action;

    internal DataSetRows(
        string path,
        string effectsPath,
        double[] yi,
        double[] vi,
        string[]? labels,
        EffectSizeResult? computed,
        string[]? clusters,
        IReadOnlyList<ModeratorValues> moderators,
        double[]? dose,
        MissingValues action)
    {
        this.path = path;
        this.effectsPath = effectsPath;
        this.yi = yi;
        this.vi = vi;
        this.labels = labels ?? Enumerable.Range(1, yi.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Computed = computed;
        this.clusters = clusters;
        this.moderators = moderators;
        this.dose = dose;
        this.action = action;
        missingEffectInputs = computed?.MissingInputs.ToDictionary(m => m.Row, m => m.Column) ?? [];
    }

    /// <summary>Number of rows, complete or not.</summary>
    public int K => yi.Length;

    /// <summary>The effect-size computation when the spec gave raw columns (every row, NaN where an input was missing); null for ready-made effects.</summary>
    public EffectSizeResult? Computed { get; }

    /// <summary>
    /// The rows complete in yi, vi and the columns a model uses — the clusters when <paramref name="usesClusters"/>,
    /// the moderators named in <paramref name="usedModerators"/>, the dose when <paramref name="usesDose"/> —
    /// with the rows left out. Moderators the model does not use come along where they are complete.
    /// </summary>
    /// <exception cref="InvalidInputException">A used value is missing and the data set says to fail, or no row is complete.</exception>
    public AnalysisData ForModel(bool usesClusters, IReadOnlyCollection<string> usedModerators, bool usesDose)
    {
        ArgumentNullException.ThrowIfNull(usedModerators);
        var used = moderators.Where(m => usedModerators.Contains(m.Name)).ToArray();
        var kept = new List<int>(K);
        var omitted = new List<OmittedEffect>();
        for (var row = 0; row < K; row++)
        {
            if (FirstMissing(row, usesClusters, used, usesDose) is not { } missing)
            {
                kept.Add(row);
                continue;
            }

            if (action == MissingValues.Fail)
            {
                throw new InvalidInputException(missing.Field, $"is missing, and missing values are set to fail (omitting them would leave the effect out with a note){Hint(missing.Column)}");
            }

            omitted.Add(new OmittedEffect { Row = row, Label = labels[row], Missing = missing.Column });
        }

        if (kept.Count == 0)
        {
            throw new InvalidInputException(path, "has no effect without a missing value in the columns this model uses");
        }

        var all = kept.Count == K;
        T[] Pick<T>(T[] values) => all ? values : kept.Select(i => values[i]).ToArray();
        var effects = EffectData.Create(Pick(yi), Pick(vi), Pick(labels));
        var modelClusters = clusters is not null && (usesClusters || kept.All(i => clusters[i].Length > 0)) ? Pick(clusters) : null;
        var modelModerators = new Dictionary<string, Moderator>(StringComparer.Ordinal);
        foreach (var moderator in moderators)
        {
            if (used.Contains(moderator) || kept.All(i => !moderator.IsMissing(i)))
            {
                modelModerators[moderator.Name] = moderator.Select(kept);
            }
        }

        var modelDose = dose is not null && (usesDose || kept.All(i => !double.IsNaN(dose[i]))) ? Pick(dose) : null;
        return new AnalysisData(effects, Computed, modelClusters, modelModerators, modelDose, kept, omitted);
    }

    /// <summary>The first value the model would use that is missing in <paramref name="row"/>: its field in the request and the column's name in a note.</summary>
    private (string Field, string Column)? FirstMissing(int row, bool usesClusters, ModeratorValues[] used, bool usesDose)
    {
        if (missingEffectInputs.TryGetValue(row, out var input))
        {
            return (Guard.Element($"{effectsPath}.{input}", row), input);
        }

        if (double.IsNaN(yi[row]) || double.IsNaN(vi[row]))
        {
            var column = double.IsNaN(yi[row]) ? "yi" : "vi";
            return (Guard.Element($"{effectsPath}.{column}", row), column);
        }

        if (usesClusters && clusters is not null && clusters[row].Length == 0)
        {
            return (Guard.Element($"{path}.clusters", row), "cluster");
        }

        foreach (var moderator in used)
        {
            if (moderator.IsMissing(row))
            {
                return (Guard.Element(moderator.Path, row), $"moderator {moderator.Name}");
            }
        }

        return usesDose && dose is not null && double.IsNaN(dose[row]) ? (Guard.Element($"{path}.dose", row), "dose") : null;
    }

    private string Hint(string column) =>
        column == "ri" && Computed is { } computed && EffectSizeMeasureCode.UsesPrePostCorrelation(computed.Measure)
            ? $"; give the pre/post correlation, or an assumed one in {effectsPath}.imputed_correlation"
            : string.Empty;
}
