using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Data;

/// <summary>
/// Observed effect sizes <c>yi</c> with their known sampling variances <c>vi</c>, the input of every
/// model. Validated on creation: both finite, the variances strictly positive, equal lengths.
/// </summary>
public sealed class EffectData
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly string[] labels;

    private EffectData(double[] yi, double[] vi, string[] labels)
    {
        this.yi = yi;
        this.vi = vi;
        this.labels = labels;
    }

    /// <summary>Observed effect sizes.</summary>
    public IReadOnlyList<double> Yi => yi;

    /// <summary>Sampling variances of the effect sizes.</summary>
    public IReadOnlyList<double> Vi => vi;

    /// <summary>One label per effect (study names), "1", "2", ... when none were given.</summary>
    public IReadOnlyList<string> Labels => labels;

    /// <summary>Number of effects.</summary>
    public int K => yi.Length;

    /// <summary>Creates validated data. Throws <see cref="InvalidInputException"/> naming the field and row at fault.</summary>
    public static EffectData Create(IReadOnlyList<double> yi, IReadOnlyList<double> vi, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(vi);
        Guard.SameLength(vi, "vi", yi.Count, "yi");
        Guard.Finite(yi, "yi");
        Guard.Positive(vi, "vi");
        if (labels is not null)
        {
            Guard.SameLength(labels, "labels", yi.Count, "yi");
        }

        var names = labels?.ToArray() ?? Enumerable.Range(1, yi.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new EffectData(yi.ToArray(), vi.ToArray(), names);
    }

    /// <summary>The effects at <paramref name="rows"/>, in that order (leave-one-out, subgroups, cumulative analyses).</summary>
    public EffectData Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new EffectData(
            rows.Select(r => yi[r]).ToArray(),
            rows.Select(r => vi[r]).ToArray(),
            rows.Select(r => labels[r]).ToArray());
    }
}
