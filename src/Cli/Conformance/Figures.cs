using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>Builds computed figures, in the shape of a case's <c>expected</c> object, from a <see cref="FitResult"/>.</summary>
public static class Figures
{
    /// <summary>A number figure.</summary>
    public static JsonValue Number(double value) => JsonValue.Create(value);

    /// <summary>An array figure (coefficients, effect sizes).</summary>
    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>The coefficient figures every model task reports: <c>beta se stat pval ci_lb ci_ub</c>.</summary>
    public static JsonObject Coefficients(IReadOnlyList<Coefficient> coefficients) => new()
    {
        ["beta"] = Array(coefficients.Select(c => c.Estimate)),
        ["se"] = Array(coefficients.Select(c => c.Se)),
        ["stat"] = Array(coefficients.Select(c => c.Statistic)),
        ["pval"] = Array(coefficients.Select(c => c.PValue)),
        ["ci_lb"] = Array(coefficients.Select(c => c.CiLower)),
        ["ci_ub"] = Array(coefficients.Select(c => c.CiUpper)),
    };

    /// <summary>
    /// The figures every frequentist model reports besides its coefficients: <c>k</c>, <c>df</c> (t and
    /// Knapp-Hartung tests), <c>qe qe_pval</c>, <c>qm qm_pval</c> (with moderators) and the fit statistics
    /// <c>loglik deviance aic bic aicc</c>.
    /// </summary>
    public static JsonObject Model(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var figures = Coefficients(result.Coefficients);
        figures["k"] = result.K;
        if (result.Coefficients is [{ Df: > 0 } first, ..])
        {
            figures["df"] = first.Df;
        }

        if (result.Heterogeneity is { HasQe: true } heterogeneity)
        {
            figures["qe"] = heterogeneity.Qe;
            figures["qe_pval"] = heterogeneity.QePValue;
        }

        if (result.ModeratorTest is { } test)
        {
            figures["qm"] = test.Statistic;
            figures["qm_pval"] = test.PValue;
        }

        Add(figures, "loglik", result.Fit is { HasLogLikelihood: true } ? result.Fit.LogLikelihood : null);
        Add(figures, "deviance", result.Fit is { HasDeviance: true } ? result.Fit.Deviance : null);
        Add(figures, "aic", result.Fit is { HasAic: true } ? result.Fit.Aic : null);
        Add(figures, "bic", result.Fit is { HasBic: true } ? result.Fit.Bic : null);
        Add(figures, "aicc", result.Fit is { HasAicc: true } ? result.Fit.Aicc : null);
        return figures;
    }

    /// <summary>Sets <paramref name="name"/> when the result carries the figure.</summary>
    public static void Add(JsonObject figures, string name, double? value)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (value is { } v)
        {
            figures[name] = v;
        }
    }

    /// <summary>The posterior parameter <paramref name="name"/> of a Bayesian result.</summary>
    public static PosteriorParameter Parameter(FitResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"the result has no parameter '{name}'");
    }

    /// <summary>A posterior summary {mean sd median q025 q975} of a 95% result (exact engine).</summary>
    public static JsonObject Summary(PosteriorParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return Summary(parameter.Mean, parameter.Sd, parameter.Median, parameter.Lower, parameter.Upper);
    }

    /// <summary>
    /// A posterior summary {mean sd median q025 q975}; with <paramref name="mcse"/> the same five figures'
    /// Monte Carlo standard errors under <c>mcse</c>.
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

    /// <summary>The summaries of the coefficients <c>beta[column]</c>, in the design's order.</summary>
    public static JsonArray Coefficients(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonArray(result.Parameters.Where(p => p.Name.StartsWith("beta[", StringComparison.Ordinal)).Select(p => (JsonNode)Summary(p)).ToArray());
    }

    /// <summary>The log Bayes factor of <paramref name="hypothesis"/>, when the result has it.</summary>
    public static double? LogBayesFactor(FitResult result, string hypothesis)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.BayesFactors.FirstOrDefault(b => b.Hypothesis == hypothesis)?.LogBayesFactor;
    }
}
