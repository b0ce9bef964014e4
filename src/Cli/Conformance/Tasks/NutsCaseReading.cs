using System.Text.Json.Nodes;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>What the cases sampled from Core's models share: the priors object, the sampler settings, and summaries with MCSE.</summary>
internal static class NutsCaseReading
{
    /// <summary>The sampler settings of <see cref="CaseAnalysis.Sampler"/> in Core's terms.</summary>
    public static SamplerOptions Options
    {
        get
        {
            var nuts = CaseAnalysis.Sampler;
            return new SamplerOptions { Chains = (int)nuts.Chains, WarmupIterations = (int)nuts.Warmup, SamplingIterations = (int)nuts.Draws, Seed = nuts.Seed, TargetAcceptance = nuts.AdaptDelta };
        }
    }

    /// <summary>The priors object of a case's options.</summary>
    public static JsonObject Priors(ConformanceCase testCase) =>
        testCase.Options["priors"] as JsonObject ?? throw new FormatException("options.priors is required");

    /// <summary>{mean sd median q025 q975 mcse{...}} of one quantity.</summary>
    public static JsonObject Summary(ParameterSummary s) =>
        Figures.Summary(s.Mean, s.Sd, s.Median, s.Q025, s.Q975, (s.McseMean, s.McseSd, s.McseMedian, s.McseQ025, s.McseQ975));

    /// <summary>
    /// The summary of a sampled parameter of a fit, with Monte Carlo standard errors: the result's MCSE
    /// of the mean and Core's of the other four (<paramref name="draws"/>), which the contract does not carry.
    /// </summary>
    public static JsonObject Summary(PosteriorParameter parameter, ParameterSummary draws) =>
        Figures.Summary(parameter.Mean, parameter.Sd, parameter.Median, parameter.Lower, parameter.Upper, (parameter.McseMean, draws.McseSd, draws.McseMedian, draws.McseQ025, draws.McseQ975));

    /// <summary>
    /// The figures of the sampled <paramref name="names"/> of <paramref name="result"/>. The contract
    /// carries the MCSE of the mean only; for the others the fit's <paramref name="model"/> (built as the
    /// fitter builds it, from the validated analysis) is sampled again with the same settings, which gives
    /// the same draws, and Core summarizes them.
    /// </summary>
    public static JsonObject Summaries(FitResult result, ValidatedAnalysis analysis, IModel model, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(analysis);
        var draws = Sampler.Run(model, analysis.Sampler!);
        var figures = new JsonObject();
        foreach (var name in names)
        {
            figures[name] = Summary(Figures.Parameter(result, name), ParameterSummary.Compute(name, draws.Draws(name)));
        }

        return figures;
    }

    /// <summary>Summarizes pooled draws given as one array per chain.</summary>
    public static JsonObject Summary(string name, IReadOnlyList<double[]> chains) => Summary(ParameterSummary.Compute(name, chains));
}
