using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Json;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Priors;

/// <summary>
/// Reads prior objects ({"dist": ..., parameters}) of conformance cases and plan files into the engines'
/// priors, checking the distribution name against an explicit list. <c>path</c> is the field path of the
/// priors object in errors (<c>priors</c> in a case, <c>models[2].priors</c> in a plan).
/// </summary>
public static class PriorReader
{
    /// <summary>The distributions a standard deviation may be given.</summary>
    public static readonly IReadOnlyList<string> ScaleDistributions =
        ["half_normal", "half_cauchy", "half_t", "uniform", "inv_gamma_tau2", "log_normal_tau2", "tabulated"];

    /// <summary>
    /// A prior on a location parameter: {dist: normal, mean, sd}, or {dist: flat}; null when the object is
    /// absent (a flat prior).
    /// </summary>
    public static NormalPrior? Location(JsonObject priors, string name, string path = "priors")
    {
        ArgumentNullException.ThrowIfNull(priors);
        var field = JsonValues.Field(path, name);
        if (JsonValues.Child(priors, name, path) is not { } prior)
        {
            return null;
        }

        return Distribution(prior, field) switch
        {
            "normal" => NormalPrior.Create(Parameter(prior, field, "mean"), Parameter(prior, field, "sd"), field),
            "flat" => null,
            var other => throw new InvalidInputException($"{field}.dist", $"'{other}' is not a location prior; use normal or flat"),
        };
    }

    /// <summary>A proper normal prior {dist: normal, mean, sd}, for engines that cannot use a flat one (the sampler).</summary>
    public static NormalPrior Normal(JsonObject priors, string name, string path = "priors") =>
        Location(priors, name, path) ?? throw new InvalidInputException(JsonValues.Field(path, name), "must be a normal prior {dist: normal, mean, sd}; this engine needs a proper prior");

    /// <summary>A prior on a positive parameter (ED50, degrees of freedom): {dist: log_normal, meanlog, sdlog} or {dist: gamma, shape, rate}.</summary>
    public static PositivePrior Positive(JsonObject prior, string field)
    {
        ArgumentNullException.ThrowIfNull(prior);
        return Distribution(prior, field) switch
        {
            "log_normal" => PositivePrior.LogNormal(Parameter(prior, field, "meanlog"), Parameter(prior, field, "sdlog"), field),
            "gamma" => PositivePrior.Gamma(Parameter(prior, field, "shape"), Parameter(prior, field, "rate"), field),
            var other => throw new InvalidInputException($"{field}.dist", $"'{other}' is not a prior for a positive parameter; use log_normal or gamma"),
        };
    }

    /// <summary>The prior object <c>path.name</c>, which must be present.</summary>
    public static JsonObject Node(JsonObject priors, string name, string path = "priors")
    {
        ArgumentNullException.ThrowIfNull(priors);
        return JsonValues.Child(priors, name, path) ?? throw new InvalidInputException(JsonValues.Field(path, name), "is required");
    }

    /// <summary>A prior on a standard deviation: one of <see cref="ScaleDistributions"/> with its parameters.</summary>
    public static ScalePrior Scale(JsonObject priors, string name, string path = "priors")
    {
        var prior = Node(priors, name, path);
        var field = JsonValues.Field(path, name);
        return Distribution(prior, field) switch
        {
            "half_normal" => ScalePrior.HalfNormal(Parameter(prior, field, "scale"), field),
            "half_cauchy" => ScalePrior.HalfCauchy(Parameter(prior, field, "scale"), field),
            "half_t" => ScalePrior.HalfStudentT(Parameter(prior, field, "df"), Parameter(prior, field, "scale"), field),
            "uniform" => ScalePrior.Uniform(Parameter(prior, field, "upper"), field),
            "inv_gamma_tau2" => ScalePrior.InverseGammaOnTau2(Parameter(prior, field, "shape"), Parameter(prior, field, "scale"), field),
            "log_normal_tau2" => ScalePrior.LogNormalOnTau2(Parameter(prior, field, "meanlog"), Parameter(prior, field, "sdlog"), field),
            "tabulated" => ScalePrior.Tabulated(Column(prior, field, "tau"), Column(prior, field, "density"), field),
            var other => throw new InvalidInputException($"{field}.dist", $"'{other}' is not a prior for a standard deviation; use one of {string.Join(", ", ScaleDistributions)}"),
        };
    }

    private static string Distribution(JsonObject prior, string field) =>
        JsonValues.Text(prior, "dist", field) ?? throw new InvalidInputException($"{field}.dist", "is required");

    private static double[] Column(JsonObject prior, string field, string name) =>
        JsonValues.Numbers(prior, name, field) ?? throw new InvalidInputException($"{field}.{name}", "is required (an array of numbers)");

    private static double Parameter(JsonObject prior, string field, string name) =>
        JsonValues.Number(prior, name, field) ?? throw new InvalidInputException($"{field}.{name}", "is required");
}
