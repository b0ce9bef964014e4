using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>The posterior summary of one parameter (μ, β[column], τ, σ, τ², I², θ_new, mu[level], ...).</summary>
public sealed class PosteriorSummary
{
    internal PosteriorSummary(PosteriorParameter raw) => Raw = raw;

    /// <summary>The contract's message.</summary>
    public PosteriorParameter Raw { get; }

    /// <summary>The parameter's name.</summary>
    public string Name => Raw.Name;

    /// <summary>Posterior mean.</summary>
    public double Mean => Raw.Mean;

    /// <summary>Posterior standard deviation.</summary>
    public double Sd => Raw.Sd;

    /// <summary>Posterior median.</summary>
    public double Median => Raw.Median;

    /// <summary>Lower bound of the equal-tailed credible interval.</summary>
    public double Lower => Raw.Lower;

    /// <summary>Upper bound of the equal-tailed credible interval.</summary>
    public double Upper => Raw.Upper;

    /// <summary>Lower bound of the highest posterior density interval; null unless asked for.</summary>
    public double? HpdLower => Presence.Of(Raw.HasHpdLower, Raw.HpdLower);

    /// <summary>Upper bound of the highest posterior density interval; null unless asked for.</summary>
    public double? HpdUpper => Presence.Of(Raw.HasHpdUpper, Raw.HpdUpper);

    /// <summary>Monte Carlo standard error of the mean; null for engines that do not sample.</summary>
    public double? McseMean => Presence.Of(Raw.HasMcseMean, Raw.McseMean);

    /// <summary>Bulk effective sample size; null for engines that do not sample.</summary>
    public double? EssBulk => Presence.Of(Raw.HasEssBulk, Raw.EssBulk);

    /// <summary>Tail effective sample size; null for engines that do not sample.</summary>
    public double? EssTail => Presence.Of(Raw.HasEssTail, Raw.EssTail);

    /// <summary>Rank-normalised split R-hat; null for engines that do not sample.</summary>
    public double? Rhat => Presence.Of(Raw.HasRhat, Raw.Rhat);

    /// <summary>P(parameter &gt; 0); null for parameters positive by construction (standard deviations, I²).</summary>
    public double? ProbabilityPositive => Presence.Of(Raw.HasProbabilityPositive, Raw.ProbabilityPositive);
}
