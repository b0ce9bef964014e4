using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// Builds the data of a spec: effect sizes (yi, vi) or the raw columns of a measure, with optional labels,
/// clusters, moderators and doses. The server validates everything and names the field at fault; the
/// builder only catches misuse (nulls, unknown column names).
/// </summary>
public sealed class DataSetBuilder
{
    private static readonly string[] RawColumnNames = ["ai", "bi", "ci", "di", "n1i", "n2i", "m1i", "m2i", "sd1i", "sd2i", "ni", "ri", "xi"];
    private readonly DataSet data = new();

    private DataSetBuilder()
    {
    }

    /// <summary>Ready-made effect sizes and their sampling variances.</summary>
    public static DataSetBuilder FromEffectSizes(IEnumerable<double> yi, IEnumerable<double> vi)
    {
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(vi);
        var builder = new DataSetBuilder();
        builder.data.EffectSizes = new EffectSizes();
        builder.data.EffectSizes.Yi.AddRange(yi);
        builder.data.EffectSizes.Vi.AddRange(vi);
        return builder;
    }

    /// <summary>Raw columns of metafor's <paramref name="measure"/> (SMD, MD, ROM, RR, OR, RD, COR, ZCOR, PR, PLO, MC, SMCC, SMCR, SMCRH); add them with <see cref="Column"/>.</summary>
    public static DataSetBuilder FromRawColumns(string measure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(measure);
        var builder = new DataSetBuilder();
        builder.data.Raw = new RawColumns { Measure = measure };
        return builder;
    }

    /// <summary>A raw column under metafor's name (<c>ai</c>, <c>m1i</c>, <c>sd1i</c>, <c>ri</c>, ...); NaN marks a missing value.</summary>
    public DataSetBuilder Column(string name, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var raw = RequireRaw();
        var column = name switch
        {
            "ai" => raw.Ai,
            "bi" => raw.Bi,
            "ci" => raw.Ci,
            "di" => raw.Di,
            "n1i" => raw.N1I,
            "n2i" => raw.N2I,
            "m1i" => raw.M1I,
            "m2i" => raw.M2I,
            "sd1i" => raw.Sd1I,
            "sd2i" => raw.Sd2I,
            "ni" => raw.Ni,
            "ri" => raw.Ri,
            "xi" => raw.Xi,
            _ => throw new ArgumentException($"unknown column '{name}'; the raw columns are {string.Join(", ", RawColumnNames)}", nameof(name)),
        };
        column.Clear();
        column.AddRange(values);
        return this;
    }

    /// <summary>Pre/post measures: the correlation assumed where <c>ri</c> is missing.</summary>
    public DataSetBuilder ImputedCorrelation(double correlation)
    {
        RequireRaw().ImputedCorrelation = correlation;
        return this;
    }

    /// <summary>2x2 tables and proportions: metafor's <c>add</c> and <c>to</c> for zero cells.</summary>
    public DataSetBuilder ZeroCellCorrection(double add, string to = "only0")
    {
        var raw = RequireRaw();
        raw.ZeroCellAdd = add;
        raw.ZeroCellTo = to;
        return this;
    }

    /// <summary>One label per effect.</summary>
    public DataSetBuilder Labels(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        data.Labels.Clear();
        data.Labels.AddRange(labels);
        return this;
    }

    /// <summary>The cluster (study) of every effect, for three-level and robust models.</summary>
    public DataSetBuilder Clusters(IEnumerable<string> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        data.Clusters.Clear();
        data.Clusters.AddRange(clusters);
        return this;
    }

    /// <summary>The dose of every effect, for dose-response models.</summary>
    public DataSetBuilder Dose(IEnumerable<double> dose)
    {
        ArgumentNullException.ThrowIfNull(dose);
        data.Dose.Clear();
        data.Dose.AddRange(dose);
        return this;
    }

    /// <summary>A numeric moderator.</summary>
    public DataSetBuilder ContinuousModerator(string name, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var column = new ModeratorColumn { Name = name, Continuous = new ContinuousValues() };
        column.Continuous.Values.AddRange(values);
        data.Moderators.Add(column);
        return this;
    }

    /// <summary>A categorical moderator, dummy-coded against <paramref name="reference"/> (default: the first level in sorted order).</summary>
    public DataSetBuilder CategoricalModerator(string name, IEnumerable<string> values, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var column = new ModeratorColumn { Name = name, Categorical = new CategoricalValues { Reference = reference ?? string.Empty } };
        column.Categorical.Values.AddRange(values);
        data.Moderators.Add(column);
        return this;
    }

    /// <summary>The data set (a copy; the builder can go on).</summary>
    public DataSet Build() => data.Clone();

    private RawColumns RequireRaw() =>
        data.Raw ?? throw new InvalidOperationException("raw columns apply to a data set made with FromRawColumns");
}
