using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// Builds the data of a spec: effect sizes (yi, vi) or the raw columns of a measure, with optional labels,
/// clusters, moderators and doses. A missing value is NaN (an empty string for levels and clusters); each
/// model leaves out the effects missing a value it uses and lists them in its result, unless
/// <see cref="MissingValues"/> says to refuse them. The server validates everything and names the field at
/// fault; the builder only catches misuse (nulls, values outside their domain).
/// </summary>
public sealed class DataSetBuilder
{
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

    /// <summary>Raw columns of <paramref name="measure"/>; add them with <see cref="Column"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="measure"/> is outside its enum.</exception>
    public static DataSetBuilder FromRawColumns(EffectMeasure measure)
    {
        var builder = new DataSetBuilder();
        builder.data.Raw = new RawColumns { Measure = ContractCodes.Of(measure) };
        return builder;
    }

    /// <summary>A raw column (replacing an earlier one of the same name); NaN marks a missing value.</summary>
    /// <exception cref="InvalidOperationException">The data set was made from ready-made effect sizes.</exception>
    public DataSetBuilder Column(RawColumn column, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var target = ContractCodes.Of(column, RequireRaw());
        target.Clear();
        target.AddRange(values);
        return this;
    }

    /// <summary>Pre/post measures: the correlation assumed where <see cref="RawColumn.Ri"/> is missing.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="correlation"/> is outside [-1, 1].</exception>
    public DataSetBuilder ImputedCorrelation(double correlation)
    {
        RequireRaw().ImputedCorrelation = Arguments.Correlation(correlation, nameof(correlation));
        return this;
    }

    /// <summary>2x2 tables and proportions: what is added to the cells (metafor's <c>add</c>) of which tables (<c>to</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="add"/> is negative, or <paramref name="to"/> is outside its enum.</exception>
    public DataSetBuilder ZeroCellCorrection(double add = 0.5, ZeroCellTarget to = ZeroCellTarget.OnlyTablesWithZero)
    {
        var raw = RequireRaw();
        raw.ZeroCellAdd = Arguments.NonNegative(add, nameof(add));
        raw.ZeroCellTo = ContractCodes.Of(to);
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

    /// <summary>The cluster (study) of every effect, for three-level models and cluster-robust inference.</summary>
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
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        var column = new ModeratorColumn { Name = name, Continuous = new ContinuousValues() };
        column.Continuous.Values.AddRange(values);
        data.Moderators.Add(column);
        return this;
    }

    /// <summary>A categorical moderator, dummy-coded against <paramref name="reference"/> (default: the first level in sorted order).</summary>
    public DataSetBuilder CategoricalModerator(string name, IEnumerable<string> values, string? reference = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        var column = new ModeratorColumn { Name = name, Categorical = new CategoricalValues { Reference = reference ?? string.Empty } };
        column.Categorical.Values.AddRange(values);
        data.Moderators.Add(column);
        return this;
    }

    /// <summary>
    /// What a model does with an effect missing a value it uses: leave it out and list it in the result
    /// (<see cref="Contracts.V1.MissingValues.Omit"/>, the default, as metafor's <c>na.omit</c>) or refuse the
    /// spec (<see cref="Contracts.V1.MissingValues.Fail"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is outside its enum.</exception>
    public DataSetBuilder MissingValues(MissingValues action)
    {
        data.MissingValues = Enum.IsDefined(action) ? action : throw new ArgumentOutOfRangeException(nameof(action), action, "not a defined MissingValues value");
        return this;
    }

    /// <summary>The data set (a copy; the builder can go on).</summary>
    public DataSet Build() => data.Clone();

    private RawColumns RequireRaw() =>
        data.Raw ?? throw new InvalidOperationException("raw columns apply to a data set made with FromRawColumns");
}
