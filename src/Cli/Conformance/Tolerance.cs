using System.Text.Json.Nodes;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>
/// A case's matching rule: |x - e| &lt;= absolute + relative |e|, or, for Monte Carlo references,
/// |x - e| &lt;= absolute + mcse_z sqrt(mcse_e² + mcse_x²).
/// </summary>
public sealed record Tolerance(double Relative, double Absolute, double? McseZ)
{
    /// <summary>Reads the tolerance object of a case; missing parts are 0 (exact match).</summary>
    public static Tolerance From(JsonObject? node) => new(
        node?["relative"]?.GetValue<double>() ?? 0,
        node?["absolute"]?.GetValue<double>() ?? 0,
        node?["mcse_z"]?.GetValue<double>());

    /// <summary>Whether <paramref name="computed"/> matches <paramref name="expected"/> given the two Monte Carlo errors (null when not Monte Carlo).</summary>
    public bool Matches(double expected, double computed, double? expectedMcse, double? computedMcse)
    {
        if (double.IsNaN(computed))
        {
            return false;
        }

        var allowed = McseZ is { } z && expectedMcse is { } mcseE
            ? Absolute + (z * Math.Sqrt((mcseE * mcseE) + Math.Pow(computedMcse ?? 0, 2)))
            : Absolute + (Relative * Math.Abs(expected));
        return Math.Abs(computed - expected) <= allowed;
    }
}
