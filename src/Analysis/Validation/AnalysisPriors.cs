using MetaAnalysis.Core.Bayesian.Priors;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// A spec's priors as Core's prior objects, each checked when it was read. A coefficient prior left out is
/// flat (the exact engine only); the validator requires every other prior the model needs.
/// </summary>
/// <param name="Mu">The intercept's prior.</param>
/// <param name="Slopes">Every other coefficient's prior.</param>
/// <param name="Tau">The standard deviation of random effects.</param>
/// <param name="SigmaBetween">Three levels: the standard deviation between clusters.</param>
/// <param name="SigmaWithin">Three levels: the standard deviation within clusters.</param>
/// <param name="E0">Emax curve: the response at dose 0.</param>
/// <param name="Emax">Emax curve: the largest change.</param>
/// <param name="Ed50">Emax curve: the dose of half the largest change.</param>
/// <param name="ScaleIntercept">Location-scale models: the scale intercept α₀ (log τ² at zero scale moderators).</param>
/// <param name="ScaleSlopes">Location-scale models: every other scale coefficient.</param>
public sealed record AnalysisPriors(
    NormalPrior? Mu,
    NormalPrior? Slopes,
    ScalePrior? Tau,
    ScalePrior? SigmaBetween,
    ScalePrior? SigmaWithin,
    NormalPrior? E0,
    NormalPrior? Emax,
    PositivePrior? Ed50,
    NormalPrior? ScaleIntercept = null,
    NormalPrior? ScaleSlopes = null)
{
    /// <summary>No priors (frequentist engines).</summary>
    public static AnalysisPriors None { get; } = new(null, null, null, null, null, null, null, null);

    /// <summary>The prior of the coefficient named <paramref name="name"/>: <see cref="Mu"/> for the intercept, <see cref="Slopes"/> otherwise.</summary>
    public NormalPrior? Coefficient(string name) => name == Core.Data.DesignMatrix.InterceptName ? Mu : Slopes;
}
