using System.Text.Json.Nodes;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Cli.Json;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Priors;

/// <summary>
/// Reads prior objects (<c>{dist: ..., parameters}</c>) of plan files and conformance cases into the
/// contract's prior specs, checking the distribution's name against an explicit list and that its
/// parameters are there; their values are checked by the analysis layer's validator. <c>path</c> is the
/// field path of the priors object in errors (<c>models[2].priors</c> in a plan, <c>priors</c> in a case).
/// </summary>
public static class PriorSpecReader
{
    /// <summary>The distributions a standard deviation may be given.</summary>
    public static readonly IReadOnlyList<string> ScaleDistributions =
        ["half_normal", "half_cauchy", "half_t", "uniform", "inv_gamma_tau2", "log_normal_tau2", "tabulated"];

    /// <summary>A prior on a location parameter: <c>{dist: normal, mean, sd}</c>, or <c>{dist: flat}</c> or absent (null: flat).</summary>
    public static NormalPriorSpec? Location(JsonObject priors, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(priors);
        var field = JsonValues.Field(path, name);
        if (JsonValues.Child(priors, name, path) is not { } prior)
        {
            return null;
        }

        return Distribution(prior, field) switch
        {
            "normal" => Normal(Parameter(prior, field, "mean"), Parameter(prior, field, "sd"), field),
            "flat" => null,
            var other => throw new InvalidInputException($"{field}.dist", $"'{Short(other)}' is not a location prior; use normal or flat"),
        };
    }

    /// <summary>A normal prior spec whose parameters are usable (the SDK's builders refuse others).</summary>
    private static NormalPriorSpec Normal(double mean, double sd, string field)
    {
        Guard.Finite(mean, $"{field}.mean");
        Guard.Positive(sd, $"{field}.sd");
        return new NormalPriorSpec { Mean = mean, Sd = sd };
    }

    /// <summary>A proper normal prior <c>{dist: normal, mean, sd}</c>, for engines that cannot use a flat one (the sampler).</summary>
    public static NormalPriorSpec Normal(JsonObject priors, string name, string path) =>
        Location(priors, name, path) ?? throw new InvalidInputException(JsonValues.Field(path, name), "must be a normal prior {dist: normal, mean, sd}; this engine needs a proper prior");

    /// <summary>A prior on a standard deviation: one of <see cref="ScaleDistributions"/> with its parameters.</summary>
    public static ScalePriorSpec Scale(JsonObject priors, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(priors);
        var field = JsonValues.Field(path, name);
        var prior = JsonValues.Child(priors, name, path) ?? throw new InvalidInputException(field, "is required");
        return Checked(field, () => Distribution(prior, field) switch
        {
            "half_normal" => ScalePriors.HalfNormal(Parameter(prior, field, "scale")),
            "half_cauchy" => ScalePriors.HalfCauchy(Parameter(prior, field, "scale")),
            "half_t" => ScalePriors.HalfStudentT(Parameter(prior, field, "df"), Parameter(prior, field, "scale")),
            "uniform" => ScalePriors.Uniform(Parameter(prior, field, "upper")),
            "inv_gamma_tau2" => ScalePriors.InverseGammaOnTau2(Parameter(prior, field, "shape"), Parameter(prior, field, "scale")),
            "log_normal_tau2" => ScalePriors.LogNormalOnTau2(Parameter(prior, field, "meanlog"), Parameter(prior, field, "sdlog")),
            "tabulated" => ScalePriors.Tabulated(Column(prior, field, "tau"), Column(prior, field, "density")),
            var other => throw new InvalidInputException($"{field}.dist", $"'{Short(other)}' is not a prior for a standard deviation; use one of {string.Join(", ", ScaleDistributions)}"),
        });
    }

    /// <summary>A prior on a positive parameter (ED50): <c>{dist: log_normal, meanlog, sdlog}</c> or <c>{dist: gamma, shape, rate}</c>.</summary>
    public static PositivePriorSpec Positive(JsonObject priors, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(priors);
        var field = JsonValues.Field(path, name);
        var prior = JsonValues.Child(priors, name, path) ?? throw new InvalidInputException(field, "is required");
        return Checked(field, () => Distribution(prior, field) switch
        {
            "log_normal" => PositivePriors.LogNormal(Parameter(prior, field, "meanlog"), Parameter(prior, field, "sdlog")),
            "gamma" => PositivePriors.Gamma(Parameter(prior, field, "shape"), Parameter(prior, field, "rate")),
            var other => throw new InvalidInputException($"{field}.dist", $"'{Short(other)}' is not a prior for a positive parameter; use log_normal or gamma"),
        });
    }

    /// <summary>The SDK's builders refuse parameters outside their domain; the plan names the prior.</summary>
    private static T Checked<T>(string field, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException exception) when (exception is not InvalidInputException)
        {
            // The SDK names the parameter as its builder does (scale, sdLog); the plan spells it in lower case.
            var parameter = exception.ParamName is { Length: > 0 } name ? $".{name.ToLowerInvariant()}" : string.Empty;
            throw new InvalidInputException(field + parameter, exception.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static string Distribution(JsonObject prior, string field) =>
        JsonValues.Text(prior, "dist", field) ?? throw new InvalidInputException($"{field}.dist", "is required");

    private static double[] Column(JsonObject prior, string field, string name) =>
        JsonValues.Numbers(prior, name, field) ?? throw new InvalidInputException($"{field}.{name}", "is required (an array of numbers)");

    private static double Parameter(JsonObject prior, string field, string name) =>
        JsonValues.Number(prior, name, field) ?? throw new InvalidInputException($"{field}.{name}", "is required");

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
