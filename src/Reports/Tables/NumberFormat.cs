using System.Globalization;

namespace MetaAnalysis.Reports.Tables;

/// <summary>How numbers are written in tables and reports: invariant culture, a fixed number of decimals, small p-values as "&lt; 0.0001".</summary>
public static class NumberFormat
{
    /// <summary>A number with <paramref name="decimals"/> decimals; "–" for null or NaN.</summary>
    public static string Fixed(double? value, int decimals = 3) =>
        value is { } v && !double.IsNaN(v) ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    /// <summary>A p-value as the end of a clause: "= 0.0123" or "&lt; 0.0001" (never "= &lt; 0.0001").</summary>
    public static string PValueClause(double value) => value < 0.0001 ? "< 0.0001" : $"= {Fixed(value, 4)}";

    /// <summary>A p-value with four decimals, or "&lt; 0.0001".</summary>
    public static string PValue(double? value) => value switch
    {
        null => "–",
        < 0.0001 => "< 0.0001",
        var v => Fixed(v, 4),
    };

    /// <summary>An interval [lower, upper].</summary>
    public static string Interval(double? lower, double? upper, int decimals = 3) =>
        lower is null && upper is null ? "–" : $"[{Fixed(lower, decimals)}, {Fixed(upper, decimals)}]";

    /// <summary>A Bayes factor or other ratio: three decimals between 0.01 and 1000, scientific notation outside.</summary>
    public static string Scientific(double value) =>
        value is >= 0.01 and < 1000 ? Fixed(value, 3) : value.ToString("0.00e+0", CultureInfo.InvariantCulture);

    /// <summary>A whole number.</summary>
    public static string Whole(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
