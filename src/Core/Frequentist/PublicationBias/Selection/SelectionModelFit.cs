namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>A selection model fitted by maximum likelihood (metafor's <c>selmodel</c> object).</summary>
/// <param name="WeightFunction">The weight function.</param>
/// <param name="Alternative">The direction of the p-values selection acts on.</param>
/// <param name="Coefficients">β with standard errors, z tests and Wald confidence intervals, intercept first.</param>
/// <param name="Tau2">τ² estimate.</param>
/// <param name="Tau2StandardError">Its standard error; NaN when τ² is at its bound 0.</param>
/// <param name="Deltas">The full δ vector, fixed entries included (the step function's δ₁ = 1).</param>
/// <param name="DeltaStandardErrors">Standard errors of δ; NaN for fixed entries and for estimates at a bound.</param>
/// <param name="LogLikelihood">ℓ at the estimate, with all constants.</param>
/// <param name="RandomEffectsLogLikelihood">ℓ₀ of the ordinary random-effects model fitted by ML (no selection).</param>
/// <param name="LikelihoodRatio">2(ℓ - ℓ₀), the test of no selection.</param>
/// <param name="LikelihoodRatioDegreesOfFreedom">The number of estimated δ.</param>
/// <param name="LikelihoodRatioPValue">Upper chi-square tail of <paramref name="LikelihoodRatio"/>.</param>
/// <param name="Iterations">Newton iterations of the search.</param>
public sealed record SelectionModelFit(
    SelectionWeightFunction WeightFunction,
    SelectionAlternative Alternative,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    double Tau2,
    double Tau2StandardError,
    IReadOnlyList<double> Deltas,
    IReadOnlyList<double> DeltaStandardErrors,
    double LogLikelihood,
    double RandomEffectsLogLikelihood,
    double LikelihoodRatio,
    int LikelihoodRatioDegreesOfFreedom,
    double LikelihoodRatioPValue,
    int Iterations);
