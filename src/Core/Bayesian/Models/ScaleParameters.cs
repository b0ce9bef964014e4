using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>How the models put a standard deviation with a given prior on the unconstrained scale.</summary>
internal static class ScaleParameters
{
    /// <summary>log for priors on (0, ∞); logit on (0, upper) for priors with a finite upper end (uniform).</summary>
    public static ParameterTransform TransformFor(ScalePrior prior) =>
        double.IsFinite(prior.Upper) ? ParameterTransform.Bounded(0, prior.Upper) : ParameterTransform.Positive;
}
