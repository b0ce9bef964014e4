using MetaAnalysis.Core.Bayesian.Priors;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The priors of the parameters shared by the ensemble's members (the bias parameters' priors belong to
/// each <see cref="BiasAdjustment"/>).
/// </summary>
/// <remarks>
/// <para>Defaults are RoBMA's (Bartoš et al. 2022, RoBMA-PSMA; RoBMA's <c>set_default_priors</c>): effect μ ~ N(0, 1)
/// and heterogeneity τ² ~ inverse-gamma(shape 1, scale 0.15), both on the scale of the effects given (RoBMA states them
/// on Cohen's d; with effects that are not d, such as the rTMS standardized mean changes, they apply to those
/// effects as given).</para>
/// <para>For effects nested in studies RoBMA splits one τ by a Beta prior on ρ = σ²_between/τ². Here σ_between and
/// σ_within get independent priors instead — each inverse-gamma(1, 0.15) on its variance by default — so that the
/// members without publication bias are exactly the exact engine's three-level model.</para>
/// </remarks>
public sealed record EnsemblePriors
{
    /// <summary>RoBMA's defaults.</summary>
    public static EnsemblePriors RobmaDefault { get; } = new();

    /// <summary>Prior on μ in members with an effect.</summary>
    public NormalPrior Effect { get; init; } = NormalPrior.Create(0, 1);

    /// <summary>Prior on τ in two-level members with heterogeneity.</summary>
    public ScalePrior Heterogeneity { get; init; } = ScalePrior.InverseGammaOnTau2(1, 0.15);

    /// <summary>Prior on σ_between in three-level members with heterogeneity.</summary>
    public ScalePrior SigmaBetween { get; init; } = ScalePrior.InverseGammaOnTau2(1, 0.15);

    /// <summary>Prior on σ_within in three-level members with heterogeneity.</summary>
    public ScalePrior SigmaWithin { get; init; } = ScalePrior.InverseGammaOnTau2(1, 0.15);
}
