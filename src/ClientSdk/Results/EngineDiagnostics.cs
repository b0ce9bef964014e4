using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>How the engine fared; each figure is null when the engine does not report it.</summary>
public sealed class EngineDiagnostics
{
    private readonly FitDiagnostics raw;

    internal EngineDiagnostics(FitDiagnostics? raw) => this.raw = raw ?? new FitDiagnostics();

    /// <summary>The contract's message (empty when the result has none).</summary>
    public FitDiagnostics Raw => raw;

    /// <summary>Exact engine: estimated relative error of the numerical integration.</summary>
    public double? IntegrationError => Presence.Of(raw.HasIntegrationError, raw.IntegrationError);

    /// <summary>NUTS: the largest R-hat over the parameters.</summary>
    public double? MaxRhat => Presence.Of(raw.HasMaxRhat, raw.MaxRhat);

    /// <summary>NUTS: the smallest bulk effective sample size.</summary>
    public double? MinEssBulk => Presence.Of(raw.HasMinEssBulk, raw.MinEssBulk);

    /// <summary>NUTS: the smallest tail effective sample size.</summary>
    public double? MinEssTail => Presence.Of(raw.HasMinEssTail, raw.MinEssTail);

    /// <summary>NUTS: divergent transitions after warm-up.</summary>
    public int? Divergences => Presence.Of(raw.HasDivergences, raw.Divergences);

    /// <summary>NUTS: transitions that hit the largest tree depth.</summary>
    public int? TreeDepthSaturations => Presence.Of(raw.HasTreeDepthSaturations, raw.TreeDepthSaturations);

    /// <summary>NUTS: the energy Bayesian fraction of missing information of each chain.</summary>
    public IReadOnlyList<double> EBfmi => raw.EBfmi;

    /// <summary>NUTS: number of chains.</summary>
    public int? Chains => Presence.Of(raw.HasChains, raw.Chains);

    /// <summary>NUTS: post-warm-up draws per chain.</summary>
    public int? DrawsPerChain => Presence.Of(raw.HasDrawsPerChain, raw.DrawsPerChain);

    /// <summary>NUTS: the seed the draws came from.</summary>
    public ulong? Seed => Presence.Of(raw.HasSeed, raw.Seed);

    /// <summary>Frequentist: iterations of the τ² estimator.</summary>
    public int? Iterations => Presence.Of(raw.HasIterations, raw.Iterations);

    /// <summary>What a reader should know about the fit.</summary>
    public IReadOnlyList<string> Notes => raw.Notes;
}
