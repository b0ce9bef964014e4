using System.Globalization;
using System.Text.RegularExpressions;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Rows with a missing (NaN) value in a column their measure reads. metafor's <c>escalc</c> gives such a
/// row NA for yi and vi and computes the others; so does the calculator: the measure is computed on the
/// complete rows and the result is laid back over every row, NaN where an input was missing.
/// </summary>
/// <remarks>
/// A missing pre/post correlation <c>ri</c> is not missing when an imputed correlation fills it. The
/// other checks (negative counts, SDs of 0, ...) still name their cell: only NaN means "not reported".
/// </remarks>
internal static partial class MissingInputs
{
    /// <summary>
    /// The number of rows and the first missing column of every incomplete row, in row order; none when
    /// every row is complete or the columns do not all have one length (then the measure's own reading
    /// reports the lengths).
    /// </summary>
    public static (int Rows, IReadOnlyList<MissingInput> Missing) Find(EffectSizeMeasure measure, EffectSizeInput input, bool correlationImputed)
    {
        var columns = Columns(measure, input, correlationImputed).Where(c => c.Values is not null).ToArray();
        if (columns.Length == 0 || columns.Any(c => c.Values!.Count != columns[0].Values!.Count))
        {
            return (0, []);
        }

        var missing = new List<MissingInput>();
        for (var row = 0; row < columns[0].Values!.Count; row++)
        {
            foreach (var (name, values) in columns)
            {
                if (double.IsNaN(values![row]))
                {
                    missing.Add(new MissingInput(row, name));
                    break;
                }
            }
        }

        return (columns[0].Values!.Count, missing);
    }

    /// <summary>The rows of <paramref name="input"/> at <paramref name="rows"/>, every given column alike.</summary>
    public static EffectSizeInput Select(EffectSizeInput input, IReadOnlyList<int> rows)
    {
        IReadOnlyList<double>? Pick(IReadOnlyList<double>? column) => column is null ? null : rows.Select(i => column[i]).ToArray();
        return new EffectSizeInput
        {
            Ai = Pick(input.Ai),
            Bi = Pick(input.Bi),
            Ci = Pick(input.Ci),
            Di = Pick(input.Di),
            N1i = Pick(input.N1i),
            N2i = Pick(input.N2i),
            M1i = Pick(input.M1i),
            M2i = Pick(input.M2i),
            Sd1i = Pick(input.Sd1i),
            Sd2i = Pick(input.Sd2i),
            Ni = Pick(input.Ni),
            Ri = Pick(input.Ri),
            Xi = Pick(input.Xi),
        };
    }

    /// <summary>
    /// <paramref name="exception"/> about a row of the complete rows, renamed to the row of the whole input
    /// it came from (<c>sd1i[2]</c> of the complete rows is <c>sd1i[rows[2]]</c>).
    /// </summary>
    public static InvalidInputException Renumber(InvalidInputException exception, IReadOnlyList<int> rows)
    {
        var element = Element().Match(exception.Field);
        if (!element.Success || !int.TryParse(element.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row >= rows.Count)
        {
            return exception;
        }

        return new InvalidInputException(Guard.Element(element.Groups[1].Value, rows[row]), exception.Problem);
    }

    /// <summary>The columns <paramref name="measure"/> reads, in the order its computation reads them (null when not given).</summary>
    private static IEnumerable<(string Name, IReadOnlyList<double>? Values)> Columns(EffectSizeMeasure measure, EffectSizeInput input, bool correlationImputed)
    {
        switch (measure)
        {
            case EffectSizeMeasure.MeanDifference or EffectSizeMeasure.StandardizedMeanDifference or EffectSizeMeasure.LogRatioOfMeans:
                return [("m1i", input.M1i), ("sd1i", input.Sd1i), ("n1i", input.N1i), ("m2i", input.M2i), ("sd2i", input.Sd2i), ("n2i", input.N2i)];
            case EffectSizeMeasure.LogRiskRatio or EffectSizeMeasure.LogOddsRatio or EffectSizeMeasure.RiskDifference:
                return [("ai", input.Ai), ("ci", input.Ci), ("bi", input.Bi), ("n1i", input.N1i), ("di", input.Di), ("n2i", input.N2i)];
            case EffectSizeMeasure.Correlation or EffectSizeMeasure.FisherZCorrelation:
                return [("ri", input.Ri), ("ni", input.Ni)];
            case EffectSizeMeasure.Proportion or EffectSizeMeasure.LogitProportion:
                return [("xi", input.Xi), ("ni", input.Ni)];
            default:
                var sd2i = measure == EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd ? null : input.Sd2i;
                return [("m1i", input.M1i), ("m2i", input.M2i), ("sd1i", input.Sd1i), ("sd2i", sd2i), ("ni", input.Ni), ("ri", correlationImputed ? null : input.Ri)];
        }
    }

    [GeneratedRegex(@"^([A-Za-z0-9_]+)\[(\d+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex Element();
}
