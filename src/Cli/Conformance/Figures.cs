using System.Text.Json.Nodes;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>Builds computed figures in the shape of a case's <c>expected</c> object.</summary>
public static class Figures
{
    /// <summary>A number figure.</summary>
    public static JsonValue Number(double value) => JsonValue.Create(value);

    /// <summary>An array figure (coefficients, effect sizes).</summary>
    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>The coefficient figures every model task reports: <c>beta se stat pval ci_lb ci_ub</c>.</summary>
    public static JsonObject Coefficients(IReadOnlyList<CoefficientEstimate> coefficients) => new()
    {
        ["beta"] = Array(coefficients.Select(c => c.Estimate)),
        ["se"] = Array(coefficients.Select(c => c.StandardError)),
        ["stat"] = Array(coefficients.Select(c => c.Statistic)),
        ["pval"] = Array(coefficients.Select(c => c.PValue)),
        ["ci_lb"] = Array(coefficients.Select(c => c.CiLower)),
        ["ci_ub"] = Array(coefficients.Select(c => c.CiUpper)),
    };

    /// <summary>Adds the fit statistics figures <c>loglik deviance aic bic aicc</c> to <paramref name="figures"/>.</summary>
    public static void AddFitStatistics(JsonObject figures, FitStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(statistics);
        figures["loglik"] = Number(statistics.LogLikelihood);
        figures["deviance"] = Number(statistics.Deviance);
        figures["aic"] = Number(statistics.Aic);
        figures["bic"] = Number(statistics.Bic);
        figures["aicc"] = Number(statistics.Aicc);
    }

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
