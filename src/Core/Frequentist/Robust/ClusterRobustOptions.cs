namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>Options of cluster-robust inference.</summary>
/// <param name="Type">The sandwich's small-sample adjustment (CR2 by default).</param>
/// <param name="DegreesOfFreedom">How the t tests' degrees of freedom are found (Satterthwaite by default).</param>
/// <param name="Level">Confidence level of the intervals, strictly between 0 and 1.</param>
public sealed record ClusterRobustOptions(
    SandwichType Type = SandwichType.CR2,
    RobustDegreesOfFreedom DegreesOfFreedom = RobustDegreesOfFreedom.Satterthwaite,
    double Level = 0.95);
