using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Within-subject pre/post measures of one group: raw mean change and the three standardized mean
/// changes, exactly as metafor's <c>escalc</c> (3.8) computes them. <c>m1i</c> is the post-treatment mean,
/// <c>m2i</c> the pre-treatment mean, <c>ri</c> the correlation between the two measurements.
/// </summary>
/// <remarks>
/// With n participants, the change-score variance sd_d² = sd1² + sd2² − 2 r sd1 sd2 and the exact
/// correction c = c(n − 1) (<see cref="SmallSampleCorrection"/>):
/// <list type="bullet">
/// <item>MC: yi = m1 − m2, vi = sd_d²/n.</item>
/// <item>SMCC (change-score standardization, Gibbons et al. 1993): yi = c (m1 − m2)/sd_d,
/// vi = 1/n + yi²/(2n).</item>
/// <item>SMCR (raw-score standardization by sd1, Becker 1988): yi = c (m1 − m2)/sd1,
/// vi = 2(1 − r)/n + yi²/(2n); <c>sd2i</c> is not used.</item>
/// <item>SMCRH (raw-score standardization, heteroscedastic variance, Bonett 2008):
/// yi = c (m1 − m2)/sd1, vi = c² (sd_d²/(sd1² (n − 1)) + yi²/(2(n − 1))), the corrected yi plugged in.</item>
/// </list>
/// MC needs n ≥ 2, the standardized measures n ≥ 3 (c(m) is defined for m = n − 1 &gt; 1). A missing
/// <c>ri</c> (NaN) makes the row's effect missing unless an imputed correlation is given; the rows it fills are recorded.
/// </remarks>
internal static class PrePostChange
{
    public static EffectSizeResult Compute(EffectSizeMeasure measure, EffectSizeInput input, double? imputedCorrelation)
    {
        var columns = new ColumnReader(measure);
        var m1i = columns.Required(input.M1i, "m1i");
        var m2i = columns.Required(input.M2i, "m2i");
        var sd1i = columns.Required(input.Sd1i, "sd1i");
        var sd2i = measure == EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd ? null : columns.Required(input.Sd2i, "sd2i");
        var ni = columns.Required(input.Ni, "ni");
        Guard.Finite(m1i, "m1i");
        Guard.Finite(m2i, "m2i");
        Guard.Positive(sd1i, "sd1i");
        if (sd2i is not null)
        {
            Guard.Positive(sd2i, "sd2i");
        }

        if (measure == EffectSizeMeasure.MeanChange)
        {
            columns.AtLeast(ni, 2, "ni", "a standard deviation needs two observations");
        }
        else
        {
            columns.AtLeast(ni, 3, "ni", "the small-sample correction c(ni - 1) needs ni - 1 > 1");
        }

        var (ri, imputedRows) = Correlations(columns, input.Ri, imputedCorrelation);

        return EffectSizeResult.FromRows(
            measure,
            columns.Rows,
            i => Change(measure, m1i[i] - m2i[i], sd1i[i], sd2i?[i] ?? double.NaN, ni[i], ri[i], i),
            imputedCorrelationRows: imputedRows,
            imputedCorrelation: imputedCorrelation);
    }

    /// <summary>The measure of one row; <paramref name="sd2"/> is NaN for SMCR, which does not use it.</summary>
    private static (double Yi, double Vi) Change(EffectSizeMeasure measure, double change, double sd1, double sd2, double n, double r, int row)
    {
        var changeVariance = (sd1 * sd1) + (sd2 * sd2) - (2 * r * sd1 * sd2);
        if (measure == EffectSizeMeasure.MeanChange)
        {
            return (change, changeVariance / n);
        }

        var c = SmallSampleCorrection.Factor(n - 1);
        double yi;
        switch (measure)
        {
            case EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd:
                if (!(changeVariance > 0))
                {
                    throw new InvalidInputException(Guard.Element("ri", row), $"sd1i, sd2i and a correlation of {ColumnReader.Format(r)} give a change-score variance of {ColumnReader.Format(changeVariance)}, nothing to standardize by");
                }

                yi = c * change / Math.Sqrt(changeVariance);
                return (yi, (1 / n) + (yi * yi / (2 * n)));
            case EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd:
                yi = c * change / sd1;
                return (yi, (2 * (1 - r) / n) + (yi * yi / (2 * n)));
            default:
                yi = c * change / sd1;
                return (yi, c * c * ((changeVariance / (sd1 * sd1 * (n - 1))) + (yi * yi / (2 * (n - 1)))));
        }
    }

    /// <summary>
    /// The pre/post correlations with missing values (NaN, or the whole column absent) filled by the
    /// imputed correlation; without one, the column is required.
    /// </summary>
    private static (double[] Ri, int[] ImputedRows) Correlations(ColumnReader columns, IReadOnlyList<double>? column, double? imputed)
    {
        var ri = imputed is null
            ? columns.Required(column, "ri")
            : columns.Optional(column, "ri") ?? Enumerable.Repeat(double.NaN, columns.Rows).ToArray();
        var imputedRows = new List<int>();
        for (var i = 0; i < ri.Length; i++)
        {
            // Without an imputed value the calculator has set rows with a missing ri aside already.
            if (double.IsNaN(ri[i]) && imputed is { } assumed)
            {
                ri[i] = assumed;
                imputedRows.Add(i);
            }
            else if (!double.IsFinite(ri[i]) || ri[i] < -1 || ri[i] > 1)
            {
                throw new InvalidInputException(Guard.Element("ri", i), $"must be a correlation between -1 and 1, got {ColumnReader.Format(ri[i])}");
            }
        }

        return (ri, imputedRows.ToArray());
    }
}
