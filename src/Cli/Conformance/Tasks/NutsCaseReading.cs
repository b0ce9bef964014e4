using System.Text.Json.Nodes;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>What the NUTS-backed tasks share: reading priors from a case, the sampler settings, and summaries with MCSE.</summary>
internal static class NutsCaseReading
{
    /// <summary>
    /// Settings for reference comparisons: 4 chains of 5,000 kept draws after 1,000 warm-up, a fixed seed
    /// (the figures are reproducible), and a higher target acceptance than the default because the
    /// reference models have funnel-shaped corners where a smaller step size avoids divergences.
    /// </summary>
    public static SamplerOptions Options => new()
    {
        Chains = 4,
        WarmupIterations = 1000,
        SamplingIterations = 5000,
        Seed = 20240601,
        TargetAcceptance = 0.9,
    };

    /// <summary>The priors object of a case's options.</summary>
    public static JsonObject Priors(ConformanceCase testCase) =>
        testCase.Options["priors"] as JsonObject ?? throw new FormatException("options.priors is required");

    /// <summary>A normal prior {dist: normal, mean, sd}.</summary>
    public static NormalPrior Normal(JsonObject priors, string name)
    {
        var node = Node(priors, name);
        var field = $"priors.{name}";
        RequireDistribution(node, field, "normal");
        return NormalPrior.Create(Required(node, "mean", field), Required(node, "sd", field), field);
    }

    /// <summary>A prior on a standard deviation, in the forms the case format names.</summary>
    public static ScalePrior Scale(JsonObject priors, string name)
    {
        var node = Node(priors, name);
        var field = $"priors.{name}";
        return CaseReader.Text(node, "dist") switch
        {
            "half_normal" => ScalePrior.HalfNormal(Required(node, "scale", field), field),
            "half_cauchy" => ScalePrior.HalfCauchy(Required(node, "scale", field), field),
            "half_t" => ScalePrior.HalfStudentT(Required(node, "df", field), Required(node, "scale", field), field),
            "uniform" => ScalePrior.Uniform(Required(node, "upper", field), field),
            "inv_gamma_tau2" => ScalePrior.InverseGammaOnTau2(Required(node, "shape", field), Required(node, "scale", field), field),
            "log_normal_tau2" => ScalePrior.LogNormalOnTau2(Required(node, "meanlog", field), Required(node, "sdlog", field), field),
            var other => throw new UnsupportedCaseException($"{field}.dist '{other}' is not a supported prior on a standard deviation"),
        };
    }

    /// <summary>A prior on a positive parameter: log_normal(meanlog, sdlog) or gamma(shape, rate).</summary>
    public static PositivePrior Positive(JsonObject node, string field)
    {
        ArgumentNullException.ThrowIfNull(node);
        return CaseReader.Text(node, "dist") switch
        {
            "log_normal" => PositivePrior.LogNormal(Required(node, "meanlog", field), Required(node, "sdlog", field), field),
            "gamma" => PositivePrior.Gamma(Required(node, "shape", field), Required(node, "rate", field), field),
            var other => throw new UnsupportedCaseException($"{field}.dist '{other}' is not a supported prior on a positive parameter"),
        };
    }

    /// <summary>The prior object <c>priors.name</c>.</summary>
    public static JsonObject Node(JsonObject priors, string name) =>
        priors[name] as JsonObject ?? throw new FormatException($"options.priors.{name} is required");

    /// <summary>{mean sd median q025 q975 mcse{...}} of one quantity.</summary>
    public static JsonObject Summary(ParameterSummary s) =>
        Figures.Summary(s.Mean, s.Sd, s.Median, s.Q025, s.Q975, (s.McseMean, s.McseSd, s.McseMedian, s.McseQ025, s.McseQ975));

    /// <summary>Summarizes pooled draws given as one array per chain.</summary>
    public static JsonObject Summary(string name, IReadOnlyList<double[]> chains) => Summary(ParameterSummary.Compute(name, chains));

    private static void RequireDistribution(JsonObject node, string field, string expected)
    {
        var dist = CaseReader.Text(node, "dist");
        if (dist != expected)
        {
            throw new UnsupportedCaseException($"{field}.dist '{dist}' is not supported here (expected {expected})");
        }
    }

    private static double Required(JsonObject node, string name, string field) =>
        CaseReader.Number(node, name) ?? throw new FormatException($"{field}.{name} is required");
}
