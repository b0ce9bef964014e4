namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// A robust Bayesian model-averaged meta-analysis: every member's marginal likelihood and posterior
/// probability, the inclusion Bayes factors for the effect, heterogeneity and publication bias, and the
/// model-averaged posteriors of μ and the heterogeneity — everything a plain-language summary states
/// ("the data are 3.2 times more likely under models with an effect ...").
/// </summary>
/// <param name="Members">The members in the definition's order.</param>
/// <param name="Effect">Inclusion Bayes factor for the effect (μ ≠ 0).</param>
/// <param name="Heterogeneity">Inclusion Bayes factor for heterogeneity.</param>
/// <param name="PublicationBias">Inclusion Bayes factor for publication bias (any adjustment).</param>
/// <param name="Mu">μ averaged over every member (point mass at 0 from the members without an effect), as RoBMA reports it.</param>
/// <param name="MuConditional">μ averaged over the members with an effect.</param>
/// <param name="HeterogeneityEstimates">τ (independent effects) or σ_between and σ_within (nested), each averaged over every member.</param>
/// <param name="LargestErrorEstimate">The largest members' log marginal-likelihood error estimate: posterior probabilities are uncertain by about this factor, relatively.</param>
/// <param name="Warnings">Diagnostics that failed, in plain words; empty when every check passed.</param>
/// <param name="Elapsed">Wall-clock time of the fit.</param>
public sealed record EnsembleResult(
    IReadOnlyList<MemberFit> Members,
    InclusionBayesFactor Effect,
    InclusionBayesFactor Heterogeneity,
    InclusionBayesFactor PublicationBias,
    AveragedEstimate Mu,
    AveragedEstimate MuConditional,
    IReadOnlyList<AveragedEstimate> HeterogeneityEstimates,
    double LargestErrorEstimate,
    IReadOnlyList<string> Warnings,
    TimeSpan Elapsed);
