using System.Text.Json.Nodes;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>Builds computed figures in the shape of a case's <c>expected</c> object.</summary>
public static class Figures
{
    /// <summary>A number figure.</summary>
    public static JsonValue Number(double value) => JsonValue.Create(value);

    /// <summary>An array figure (coefficients, effect sizes).</summary>
    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>
    /// A posterior summary {mean sd median q025 q975}; with <paramref name="mcse"/> (Monte Carlo engines)
    /// the same five figures' Monte Carlo standard errors under <c>mcse</c>.
    /// </summary>
    public static JsonObject Summary(double mean, double sd, double median, double q025, double q975, (double Mean, double Sd, double Median, double Q025, double Q975)? mcse = null)
    {
        var summary = new JsonObject
        {
            ["mean"] = mean,
            ["sd"] = sd,
            ["median"] = median,
            ["q025"] = q025,
            ["q975"] = q975,
        };
        if (mcse is { } m)
        {
            summary["mcse"] = new JsonObject
            {
                ["mean"] = m.Mean,
                ["sd"] = m.Sd,
                ["median"] = m.Median,
                ["q025"] = m.Q025,
                ["q975"] = m.Q975,
            };
        }

        return summary;
    }
}
