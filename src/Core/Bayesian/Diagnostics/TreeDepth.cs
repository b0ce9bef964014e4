using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// Tree-depth saturation: transitions that stopped at the maximum depth instead of at a U-turn. Not a
/// validity problem, but an efficiency one: the trajectory was cut short, so the chain explores slowly.
/// </summary>
public static class TreeDepth
{
    /// <summary>Kept transitions that hit the maximum tree depth.</summary>
    public static int SaturatedCount(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var max = result.Options.MaxTreeDepth;
        return result.Chains.Sum(c => c.Statistics.Count(s => s.TreeDepth >= max));
    }

    /// <summary>Mean tree depth over the kept transitions.</summary>
    public static double Mean(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Chains.SelectMany(c => c.Statistics).Average(s => s.TreeDepth);
    }
}
