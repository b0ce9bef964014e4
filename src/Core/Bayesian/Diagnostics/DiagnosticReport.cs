using System.Globalization;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// Everything a careful Bayesian checks before trusting a NUTS posterior — per-quantity summaries with
/// MCSE, R-hat and bulk/tail ESS, and the sampler's divergences, tree-depth saturation and E-BFMI — with
/// a warning in plain words for each check that fails.
/// </summary>
public sealed class DiagnosticReport
{
    private readonly Dictionary<string, ParameterSummary> byName;

    private DiagnosticReport(
        IReadOnlyList<ParameterSummary> parameters,
        int divergences,
        int draws,
        int saturatedTreeDepth,
        int maxTreeDepth,
        IReadOnlyList<double> ebfmi,
        IReadOnlyList<string> warnings)
    {
        Parameters = parameters;
        Divergences = divergences;
        Draws = draws;
        SaturatedTreeDepth = saturatedTreeDepth;
        MaxTreeDepth = maxTreeDepth;
        Ebfmi = ebfmi;
        Warnings = warnings;
        byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Summaries of the checked quantities.</summary>
    public IReadOnlyList<ParameterSummary> Parameters { get; }

    /// <summary>Divergent transitions after warm-up.</summary>
    public int Divergences { get; }

    /// <summary>Kept draws over all chains.</summary>
    public int Draws { get; }

    /// <summary>Kept transitions that hit the maximum tree depth.</summary>
    public int SaturatedTreeDepth { get; }

    /// <summary>The maximum tree depth of the run.</summary>
    public int MaxTreeDepth { get; }

    /// <summary>E-BFMI of each chain.</summary>
    public IReadOnlyList<double> Ebfmi { get; }

    /// <summary>One plain-words warning per failed check; empty when every check passed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Whether every check passed.</summary>
    public bool AllChecksPassed => Warnings.Count == 0;

    /// <summary>The summary of one quantity.</summary>
    public ParameterSummary this[string name] => byName.TryGetValue(name, out var s)
        ? s
        : throw new KeyNotFoundException($"the report has no quantity named '{name}'");

    /// <summary>
    /// Checks a run. <paramref name="quantities"/> limits the per-quantity checks (default: every output).
    /// </summary>
    public static DiagnosticReport Create(SamplingResult result, IEnumerable<string>? quantities = null, DiagnosticThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        thresholds ??= new DiagnosticThresholds();
        var names = (quantities ?? result.OutputNames).ToArray();
        var parameters = names.Select(n => ParameterSummary.Compute(n, result.Draws(n))).ToArray();
        var draws = result.Chains.Sum(c => c.DrawCount);
        var divergences = Diagnostics.Divergences.Count(result);
        var saturated = TreeDepth.SaturatedCount(result);
        var ebfmi = Diagnostics.Ebfmi.PerChain(result);
        var warnings = new List<string>();
        var c = CultureInfo.InvariantCulture;

        if (divergences > 0)
        {
            warnings.Add(string.Format(c,
                "{0} of {1} transitions after warm-up were divergent: the sampler could not follow the posterior's curvature somewhere (typically a funnel at small heterogeneity), so the draws may be biased. Raise the target acceptance (e.g. 0.95), use a non-centred model or a more informative prior.",
                divergences, draws));
        }

        if (saturated > 0)
        {
            warnings.Add(string.Format(c,
                "{0} of {1} transitions stopped at the maximum tree depth of {2} instead of at a U-turn: the draws are valid but the chains move slowly. Raise the maximum tree depth or reparameterize.",
                saturated, draws, result.Options.MaxTreeDepth));
        }

        for (var i = 0; i < ebfmi.Length; i++)
        {
            if (ebfmi[i] < thresholds.MinEbfmi)
            {
                warnings.Add(string.Format(c,
                    "Chain {0} has an E-BFMI of {1:0.###} (below {2}): it moves poorly between energy levels, so the tails of the posterior may be under-explored. Reparameterize (non-centred form) or use more informative priors.",
                    i + 1, ebfmi[i], thresholds.MinEbfmi));
            }
        }

        var minEss = thresholds.MinEssPerChain * result.Chains.Count;
        foreach (var p in parameters)
        {
            if (!(p.Rhat <= thresholds.MaxRhat))
            {
                warnings.Add(string.Format(c,
                    "R-hat of {0} is {1:0.###} (above {2}): the chains disagree about it, so they have not converged. Run longer chains and check the model.",
                    p.Name, p.Rhat, thresholds.MaxRhat));
            }

            if (!(p.EssBulk >= minEss))
            {
                warnings.Add(string.Format(c,
                    "Bulk ESS of {0} is {1:0} (below {2:0}): its mean and median are estimated imprecisely. Run more iterations.",
                    p.Name, p.EssBulk, minEss));
            }

            if (!(p.EssTail >= minEss))
            {
                warnings.Add(string.Format(c,
                    "Tail ESS of {0} is {1:0} (below {2:0}): its 5% and 95% quantiles, and so its credible intervals, are estimated imprecisely. Run more iterations.",
                    p.Name, p.EssTail, minEss));
            }
        }

        return new DiagnosticReport(parameters, divergences, draws, saturated, result.Options.MaxTreeDepth, ebfmi, warnings);
    }
}
