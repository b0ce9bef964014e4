using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Measures of 2x2 tables (events / non-events in two groups): log risk ratio, log odds ratio and risk
/// difference, as metafor's <c>escalc</c> computes them.
/// </summary>
/// <remarks>
/// With a, b, c, d the cells after the zero-cell correction, n1 = a + b, n2 = c + d, p1 = a/n1, p2 = c/n2:
/// <list type="bullet">
/// <item>RR: yi = log(p1) − log(p2), vi = 1/a − 1/n1 + 1/c − 1/n2.</item>
/// <item>OR: yi = log(p1/(1−p1)) − log(p2/(1−p2)), vi = 1/a + 1/b + 1/c + 1/d.</item>
/// <item>RD: yi = p1 − p2, vi = p1(1−p1)/n1 + p2(1−p2)/n2 (metafor's default <c>vtype = "LS"</c>).</item>
/// </list>
/// The cells are either <c>ai bi ci di</c> or <c>ai ci</c> with the group sizes <c>n1i n2i</c>; given
/// both, they must agree. A table whose measure is undefined (a zero cell and no correction) is an error
/// naming the zero cell; metafor would return NA for it, which here would drop the row unseen.
/// </remarks>
internal static class TwoByTwoTables
{
    public static EffectSizeResult Compute(EffectSizeMeasure measure, EffectSizeInput input, ZeroCellCorrection correction)
    {
        var columns = new ColumnReader(measure);
        var ai = Counts(columns, input.Ai, "ai");
        var ci = Counts(columns, input.Ci, "ci");
        var bi = Complement(columns, ai, "ai", input.Bi, "bi", input.N1i, "n1i", 1);
        var di = Complement(columns, ci, "ci", input.Di, "di", input.N2i, "n2i", 2);

        var hasZero = Enumerable.Range(0, columns.Rows).Select(i => ai[i] == 0 || bi[i] == 0 || ci[i] == 0 || di[i] == 0).ToArray();
        var adjust = correction.TablesToAdjust(hasZero);

        var corrected = Enumerable.Range(0, columns.Rows).Where(i => adjust[i]).ToArray();
        return EffectSizeResult.FromRows(
            measure,
            columns.Rows,
            i => Table(measure, columns.MeasureCode, ai[i], bi[i], ci[i], di[i], adjust[i] ? correction.Add : 0, i),
            zeroCellCorrectedRows: corrected);
    }

    /// <summary>The measure of one table after adding <paramref name="add"/> to each cell.</summary>
    private static (double Yi, double Vi) Table(EffectSizeMeasure measure, string measureCode, double a, double b, double c, double d, double add, int row)
    {
        (a, b, c, d) = (a + add, b + add, c + add, d + add);
        var n1 = a + b;
        var n2 = c + d;
        var p1 = a / n1;
        var p2 = c / n2;
        var (yi, vi) = measure switch
        {
            EffectSizeMeasure.LogRiskRatio => (Math.Log(p1) - Math.Log(p2), (1 / a) - (1 / n1) + (1 / c) - (1 / n2)),
            EffectSizeMeasure.LogOddsRatio => (Math.Log(p1 / (1 - p1)) - Math.Log(p2 / (1 - p2)), (1 / a) + (1 / b) + (1 / c) + (1 / d)),
            _ => (p1 - p2, (p1 * (1 - p1) / n1) + (p2 * (1 - p2) / n2)),
        };

        if (!double.IsFinite(yi) || !double.IsFinite(vi))
        {
            var zeroCell = a == 0 ? "ai" : b == 0 ? "bi" : c == 0 ? "ci" : "di";
            throw new InvalidInputException(
                Guard.Element(zeroCell, row),
                $"is 0 and the {measureCode} of this table is undefined without a zero-cell correction (table {ColumnReader.Format(a)}, {ColumnReader.Format(b)}, {ColumnReader.Format(c)}, {ColumnReader.Format(d)})");
        }

        return (yi, vi);
    }

    private static double[] Counts(ColumnReader columns, IReadOnlyList<double>? column, string name)
    {
        var counts = columns.Required(column, name);
        Guard.NonNegative(counts, name);
        return counts;
    }

    /// <summary>
    /// The non-event cell of one group: given directly, derived from the group size, or both (then
    /// checked against each other). The group must not be empty.
    /// </summary>
    private static double[] Complement(ColumnReader columns, double[] events, string eventsName, IReadOnlyList<double>? cell, string cellName, IReadOnlyList<double>? size, string sizeName, int group)
    {
        var nonEvents = columns.Optional(cell, cellName);
        var sizes = columns.Optional(size, sizeName);
        if (nonEvents is null && sizes is null)
        {
            throw new InvalidInputException(cellName, $"is required for measure {columns.MeasureCode} (or give the group size {sizeName})");
        }

        if (nonEvents is not null)
        {
            Guard.NonNegative(nonEvents, cellName);
        }

        if (sizes is not null)
        {
            Guard.NonNegative(sizes, sizeName);
            for (var i = 0; i < sizes.Length; i++)
            {
                if (events[i] > sizes[i])
                {
                    throw new InvalidInputException(Guard.Element(eventsName, i), $"{ColumnReader.Format(events[i])} events is more than the group size {sizeName} = {ColumnReader.Format(sizes[i])}");
                }

                // Counts may be fractional (reconstructed or imputed tables), so agreement is up to rounding.
                if (nonEvents is not null && Math.Abs(events[i] + nonEvents[i] - sizes[i]) > 1e-9 * Math.Max(1, sizes[i]))
                {
                    throw new InvalidInputException(Guard.Element(cellName, i), $"{eventsName} + {cellName} = {ColumnReader.Format(events[i] + nonEvents[i])} but the group size {sizeName} = {ColumnReader.Format(sizes[i])}");
                }
            }
        }

        nonEvents ??= sizes!.Select((n, i) => n - events[i]).ToArray();
        for (var i = 0; i < nonEvents.Length; i++)
        {
            if (events[i] + nonEvents[i] == 0)
            {
                throw new InvalidInputException(Guard.Element(sizes is null ? cellName : sizeName, i), $"group {group} of this table has no participants");
            }
        }

        return nonEvents;
    }
}
