namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>One member's fit within an ensemble.</summary>
/// <param name="Member">The member and its prior probability.</param>
/// <param name="Method">How its marginal likelihood was computed.</param>
/// <param name="LogMarginalLikelihood">log p(y | member).</param>
/// <param name="ErrorEstimate">The estimated error of <paramref name="LogMarginalLikelihood"/> (≈ its relative error): the exact engine's integration error, the quadrature's change from a smaller rule, or bridge sampling's coefficient of variation.</param>
/// <param name="PosteriorProbability">Posterior model probability within the ensemble.</param>
/// <param name="ParameterNames">The member's free parameters.</param>
/// <param name="Means">Their posterior means.</param>
/// <param name="Sds">Their posterior standard deviations.</param>
/// <param name="Diagnostics">What a reader needs to trust the figure, in plain words (rule size, importance ESS and its independent estimate, sampler warnings).</param>
public sealed record MemberFit(
    EnsembleMember Member,
    MarginalLikelihoodMethod Method,
    double LogMarginalLikelihood,
    double ErrorEstimate,
    double PosteriorProbability,
    IReadOnlyList<string> ParameterNames,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> Sds,
    string Diagnostics);
