using System.Globalization;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>How a result says that its sampling errors were taken as correlated: one wording for every engine.</summary>
internal static class SamplingErrorText
{
    /// <summary>ρ as the description and notes write it.</summary>
    public static string Rho(double rho) => rho.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>What a model's description says of its sampling errors: " on V with ρ = … within studies", or nothing for independent errors.</summary>
    public static string OnV(Validation.ValidatedAnalysis analysis) =>
        analysis.SamplingCorrelation is { } rho ? $" on V with ρ = {Rho(rho)} within studies" : string.Empty;

    /// <summary>
    /// The note that V was built from a working ρ, and how many clusters it touches: a cluster of one effect
    /// has nothing to be correlated with, so ρ changes nothing when every cluster is a singleton.
    /// </summary>
    public static string Note(double rho, EffectClusters clusters)
    {
        var correlated = clusters.Members.Count(m => m.Count > 1);
        return string.Create(CultureInfo.InvariantCulture, $"sampling errors: V built with a working correlation ρ = {Rho(rho)} between the effects of one study (V_ij = ρ √(vi vj), metafor's vcalc); {correlated} of {clusters.Count} studies have more than one effect");
    }
}
