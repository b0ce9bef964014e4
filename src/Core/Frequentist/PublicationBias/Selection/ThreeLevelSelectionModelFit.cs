namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>A selection model for effects nested in studies, fitted by maximum likelihood (<see cref="ThreeLevelSelectionModel"/>).</summary>
/// <param name="WeightFunction">The weight function.</param>
/// <param name="Alternative">The direction of the p-values selection acts on.</param>
/// <param name="Coefficients">β with standard errors, z tests and Wald intervals, intercept first.</param>
/// <param name="Sigma2Between">The variance of true effects between studies.</param>
/// <param name="Sigma2BetweenStandardError">Its standard error; NaN at the bound 0.</param>
/// <param name="Sigma2Within">The variance of true effects within studies.</param>
/// <param name="Sigma2WithinStandardError">Its standard error; NaN at the bound 0.</param>
/// <param name="Deltas">The full δ vector, fixed entries included.</param>
/// <param name="DeltaStandardErrors">Standard errors of δ; NaN for fixed entries and estimates at a bound.</param>
/// <param name="LogLikelihood">ℓ at the estimate, with all constants.</param>
/// <param name="ThreeLevelLogLikelihood">ℓ₀ of the three-level model without selection, fitted by ML.</param>
/// <param name="LikelihoodRatio">2(ℓ - ℓ₀), the test of no selection.</param>
/// <param name="LikelihoodRatioDegreesOfFreedom">The number of estimated δ.</param>
/// <param name="LikelihoodRatioPValue">Upper chi-square tail of <paramref name="LikelihoodRatio"/>.</param>
/// <param name="Iterations">Newton iterations of the search.</param>
public sealed record ThreeLevelSelectionModelFit(
    SelectionWeightFunction WeightFunction,
    SelectionAlternative Alternative,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    double Sigma2Between,
    double Sigma2BetweenStandardError,
    double Sigma2Within,
    double Sigma2WithinStandardError,
    IReadOnlyList<double> Deltas,
    IReadOnlyList<double> DeltaStandardErrors,
    double LogLikelihood,
    double ThreeLevelLogLikelihood,
    double LikelihoodRatio,
    int LikelihoodRatioDegreesOfFreedom,
    double LikelihoodRatioPValue,
    int Iterations);
