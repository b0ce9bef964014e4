using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>One subgroup's estimate: frequentist (<see cref="Estimate"/>) or Bayesian (<see cref="Posterior"/>).</summary>
public sealed class SubgroupResult
{
    internal SubgroupResult(SubgroupEstimate raw)
    {
        Raw = raw;
        Posterior = raw.Posterior is null ? null : new PosteriorSummary(raw.Posterior);
    }

    /// <summary>The contract's message.</summary>
    public SubgroupEstimate Raw { get; }

    /// <summary>The moderator's level.</summary>
    public string Level => Raw.Level;

    /// <summary>Number of effects in the subgroup.</summary>
    public int K => Raw.K;

    /// <summary>The frequentist estimate; null on Bayesian engines.</summary>
    public Coefficient? Estimate => Raw.Estimate;

    /// <summary>The posterior of mu[level]; null on the frequentist engine.</summary>
    public PosteriorSummary? Posterior { get; }

    /// <summary>Separate-τ² subgroups: the subgroup's own τ².</summary>
    public double? Tau2 => Presence.Of(Raw.HasTau2, Raw.Tau2);

    /// <summary>Separate-τ² subgroups: the subgroup's own I² (percent).</summary>
    public double? I2 => Presence.Of(Raw.HasI2, Raw.I2);
}
