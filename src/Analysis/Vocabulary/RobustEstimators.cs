using MetaAnalysis.Core.Frequentist.Robust;

namespace MetaAnalysis.Analysis.Vocabulary;

/// <summary>The cluster-robust (sandwich) estimators by their clubSandwich names.</summary>
public static class RobustEstimators
{
    /// <summary>Every name, in the order messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = ["CR0", "CR1", "CR1p", "CR2"];

    /// <summary>The estimator named <paramref name="name"/> (one of <see cref="All"/>).</summary>
    public static SandwichType Parse(string name) => Enum.Parse<SandwichType>(name);
}
