using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>Correlation measures: the raw correlation and Fisher's r-to-z, as metafor's <c>escalc</c> computes them.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>COR: yi = r, vi = (1 − r²)²/(n − 1) (<c>vtype = "LS"</c>).</item>
/// <item>ZCOR: yi = ½ log((1 + r)/(1 − r)), vi = 1/(n − 3); undefined (infinite) for r = ±1.</item>
/// </list>
/// metafor gives no sampling variance for n ≤ 4, so n must be at least 5.
/// </remarks>
internal static class Correlations
{
    public static EffectSizeResult Compute(EffectSizeMeasure measure, EffectSizeInput input)
    {
        var columns = new ColumnReader(measure);
        var ri = columns.Required(input.Ri, "ri");
        var ni = columns.Required(input.Ni, "ni");
        Guard.Correlation(ri, "ri");
        columns.AtLeast(ni, 5, "ni", "metafor gives no sampling variance for ni <= 4");

        return EffectSizeResult.FromRows(measure, columns.Rows, i => measure == EffectSizeMeasure.Correlation
            ? (ri[i], (1 - (ri[i] * ri[i])) * (1 - (ri[i] * ri[i])) / (ni[i] - 1))
            : (FisherZ(ri[i], i), 1 / (ni[i] - 3)));
    }

    private static double FisherZ(double r, int row) => Math.Abs(r) == 1
        ? throw new InvalidInputException(Guard.Element("ri", row), $"Fisher's z of a correlation of {ColumnReader.Format(r)} is infinite")
        : 0.5 * Math.Log((1 + r) / (1 - r));
}
