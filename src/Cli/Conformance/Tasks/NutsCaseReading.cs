using System.Text.Json.Nodes;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>What the NUTS-backed tasks share: the priors object, the sampler settings, and summaries with MCSE.</summary>
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

    /// <summary>{mean sd median q025 q975 mcse{...}} of one quantity.</summary>
    public static JsonObject Summary(ParameterSummary s) =>
        Figures.Summary(s.Mean, s.Sd, s.Median, s.Q025, s.Q975, (s.McseMean, s.McseSd, s.McseMedian, s.McseQ025, s.McseQ975));

    /// <summary>Summarizes pooled draws given as one array per chain.</summary>
    public static JsonObject Summary(string name, IReadOnlyList<double[]> chains) => Summary(ParameterSummary.Compute(name, chains));
}
