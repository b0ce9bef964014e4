using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>Single-group proportions: raw and logit transformed, as metafor's <c>escalc</c> computes them.</summary>
/// <remarks>
/// With x events and m = n − x non-events, after the zero-cell correction (applied to x and m when either
/// is 0, by metafor's default), n = x + m and p = x/n:
/// <list type="bullet">
/// <item>PR: yi = p, vi = p(1 − p)/n (<c>vtype = "LS"</c>).</item>
/// <item>PLO: yi = log(p/(1 − p)), vi = 1/x + 1/m; undefined without correction when x = 0 or x = n.</item>
/// </list>
/// </remarks>
internal static class Proportions
{
    public static EffectSizeResult Compute(EffectSizeMeasure measure, EffectSizeInput input, ZeroCellCorrection correction)
    {
        var columns = new ColumnReader(measure);
        var xi = columns.Required(input.Xi, "xi");
        var ni = columns.Required(input.Ni, "ni");
        Guard.NonNegative(xi, "xi");
        Guard.Positive(ni, "ni");
        for (var i = 0; i < columns.Rows; i++)
        {
            if (xi[i] > ni[i])
            {
                throw new InvalidInputException(Guard.Element("xi", i), $"{ColumnReader.Format(xi[i])} events is more than the group size ni = {ColumnReader.Format(ni[i])}");
            }
        }

        var adjust = correction.TablesToAdjust(xi.Select((x, i) => x == 0 || x == ni[i]).ToArray());
        return EffectSizeResult.FromRows(
            measure,
            columns.Rows,
            i => Proportion(measure, xi[i] + (adjust[i] ? correction.Add : 0), ni[i] - xi[i] + (adjust[i] ? correction.Add : 0), i),
            zeroCellCorrectedRows: Enumerable.Range(0, columns.Rows).Where(i => adjust[i]).ToArray());
    }

    /// <summary>The measure of one group with <paramref name="events"/> and <paramref name="nonEvents"/> (after any correction).</summary>
    private static (double Yi, double Vi) Proportion(EffectSizeMeasure measure, double events, double nonEvents, int row)
    {
        var n = events + nonEvents;
        var p = events / n;
        if (measure == EffectSizeMeasure.Proportion)
        {
            return (p, p * (1 - p) / n);
        }

        if (events == 0 || nonEvents == 0)
        {
            throw new InvalidInputException(Guard.Element("xi", row), $"the logit of a proportion of {ColumnReader.Format(p)} is infinite without a zero-cell correction");
        }

        return (Math.Log(p / (1 - p)), (1 / events) + (1 / nonEvents));
    }
}
