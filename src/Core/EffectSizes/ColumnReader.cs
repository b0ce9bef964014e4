using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Reads the columns a measure needs from <see cref="EffectSizeInput"/>: a missing column is an error
/// naming it and the measure, and every column read must have as many rows as the first one.
/// </summary>
internal sealed class ColumnReader(EffectSizeMeasure measure)
{
    private string? firstColumn;

    /// <summary>Number of rows, set by the first column read.</summary>
    public int Rows { get; private set; }

    /// <summary>The metafor code of the measure, for messages.</summary>
    public string MeasureCode { get; } = EffectSizeMeasureCode.Of(measure);

    /// <summary>A column the measure cannot do without.</summary>
    public double[] Required(IReadOnlyList<double>? column, string name) =>
        Optional(column, name) ?? throw new InvalidInputException(name, $"is required for measure {MeasureCode}");

    /// <summary>A column that may be absent (null); when present its length is checked.</summary>
    public double[]? Optional(IReadOnlyList<double>? column, string name)
    {
        if (column is null)
        {
            return null;
        }

        if (firstColumn is null)
        {
            if (column.Count == 0)
            {
                throw new InvalidInputException(name, "has no values; at least one study is needed");
            }

            firstColumn = name;
            Rows = column.Count;
        }
        else
        {
            Guard.SameLength(column, name, Rows, firstColumn);
        }

        return column.ToArray();
    }

    /// <summary>Requires every sample size in <paramref name="values"/> to be finite and at least <paramref name="minimum"/>.</summary>
    public void AtLeast(double[] values, double minimum, string name, string reason)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < minimum)
            {
                throw new InvalidInputException(Guard.Element(name, i), $"must be at least {Format(minimum)} for measure {MeasureCode} ({reason}), got {Format(values[i])}");
            }
        }
    }

    /// <summary>A number as it appears in messages.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
