using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Measures contrasting the means of two independent groups: raw mean difference, standardized mean
/// difference (Hedges' g) and log ratio of means, as metafor's <c>escalc</c> computes them.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>MD: yi = m1 − m2, vi = sd1²/n1 + sd2²/n2 (no equal-variance assumption; <c>vtype = "LS"</c>).</item>
/// <item>SMD: with m = n1 + n2 − 2 and the pooled SD s = √(((n1−1) sd1² + (n2−1) sd2²)/m),
/// yi = c(m) (m1 − m2)/s using the exact correction c(m) (<see cref="SmallSampleCorrection"/>), and
/// vi = 1/n1 + 1/n2 + yi²/(2(n1 + n2)) (metafor's default large-sample <c>vtype = "LS"</c>).</item>
/// <item>ROM: yi = log(m1/m2), vi = sd1²/(n1 m1²) + sd2²/(n2 m2²); the means must have the same sign.</item>
/// </list>
/// Standard deviations must be positive and each group needs at least 2 participants (an SD of one
/// observation does not exist; it also keeps m &gt; 1, where c(m) is defined).
/// </remarks>
internal static class MeanDifferences
{
    public static EffectSizeResult Compute(EffectSizeMeasure measure, EffectSizeInput input)
    {
        var columns = new ColumnReader(measure);
        var m1i = columns.Required(input.M1i, "m1i");
        var sd1i = columns.Required(input.Sd1i, "sd1i");
        var n1i = columns.Required(input.N1i, "n1i");
        var m2i = columns.Required(input.M2i, "m2i");
        var sd2i = columns.Required(input.Sd2i, "sd2i");
        var n2i = columns.Required(input.N2i, "n2i");
        Guard.Finite(m1i, "m1i");
        Guard.Finite(m2i, "m2i");
        Guard.Positive(sd1i, "sd1i");
        Guard.Positive(sd2i, "sd2i");
        columns.AtLeast(n1i, 2, "n1i", "a standard deviation needs two observations");
        columns.AtLeast(n2i, 2, "n2i", "a standard deviation needs two observations");

        return EffectSizeResult.FromRows(measure, columns.Rows, i => measure switch
        {
            EffectSizeMeasure.MeanDifference => (m1i[i] - m2i[i], (sd1i[i] * sd1i[i] / n1i[i]) + (sd2i[i] * sd2i[i] / n2i[i])),
            EffectSizeMeasure.StandardizedMeanDifference => HedgesG(m1i[i], sd1i[i], n1i[i], m2i[i], sd2i[i], n2i[i]),
            _ => LogRatioOfMeans(m1i[i], sd1i[i], n1i[i], m2i[i], sd2i[i], n2i[i], i),
        });
    }

    private static (double Yi, double Vi) HedgesG(double m1, double sd1, double n1, double m2, double sd2, double n2)
    {
        var m = n1 + n2 - 2;
        var pooledSd = Math.Sqrt((((n1 - 1) * sd1 * sd1) + ((n2 - 1) * sd2 * sd2)) / m);
        var g = SmallSampleCorrection.Factor(m) * (m1 - m2) / pooledSd;
        return (g, (1 / n1) + (1 / n2) + (g * g / (2 * (n1 + n2))));
    }

    private static (double Yi, double Vi) LogRatioOfMeans(double m1, double sd1, double n1, double m2, double sd2, double n2, int row)
    {
        if (m2 == 0 || !(m1 / m2 > 0))
        {
            throw new InvalidInputException(
                Guard.Element(m2 == 0 ? "m2i" : "m1i", row),
                $"the ratio of means needs two non-zero means of the same sign, got m1i = {ColumnReader.Format(m1)}, m2i = {ColumnReader.Format(m2)}");
        }

        return (Math.Log(m1 / m2), (sd1 * sd1 / (n1 * m1 * m1)) + (sd2 * sd2 / (n2 * m2 * m2)));
    }
}
