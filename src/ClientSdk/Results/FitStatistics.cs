using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>The figures model comparison uses; each is null when the engine did not report it.</summary>
public sealed class FitStatistics
{
    private readonly ModelFit raw;

    internal FitStatistics(ModelFit? raw) => this.raw = raw ?? new ModelFit();

    /// <summary>The contract's message (empty when the result has none).</summary>
    public ModelFit Raw => raw;

    /// <summary>Log marginal likelihood (exact engine, when asked for).</summary>
    public double? LogMarginalLikelihood => Presence.Of(raw.HasLogMarginalLikelihood, raw.LogMarginalLikelihood);

    /// <summary>PSIS-LOO expected log predictive density (NUTS, when asked for).</summary>
    public double? ElpdLoo => Presence.Of(raw.HasElpdLoo, raw.ElpdLoo);

    /// <summary>Standard error of <see cref="ElpdLoo"/>.</summary>
    public double? ElpdLooSe => Presence.Of(raw.HasElpdLooSe, raw.ElpdLooSe);

    /// <summary>PSIS-LOO effective number of parameters.</summary>
    public double? PLoo => Presence.Of(raw.HasPLoo, raw.PLoo);

    /// <summary>PSIS-LOO: observations with Pareto k above 0.7.</summary>
    public int? HighParetoK => Presence.Of(raw.HasHighParetoK, raw.HighParetoK);

    /// <summary>Log likelihood (restricted when <see cref="Restricted"/>).</summary>
    public double? LogLikelihood => Presence.Of(raw.HasLogLikelihood, raw.LogLikelihood);

    /// <summary>Deviance.</summary>
    public double? Deviance => Presence.Of(raw.HasDeviance, raw.Deviance);

    /// <summary>Akaike's information criterion.</summary>
    public double? Aic => Presence.Of(raw.HasAic, raw.Aic);

    /// <summary>The Bayesian information criterion.</summary>
    public double? Bic => Presence.Of(raw.HasBic, raw.Bic);

    /// <summary>AIC with the small-sample correction.</summary>
    public double? Aicc => Presence.Of(raw.HasAicc, raw.Aicc);

    /// <summary>Number of parameters.</summary>
    public int Parameters => raw.Parameters;

    /// <summary>The likelihood is REML: it compares only models with the same fixed effects.</summary>
    public bool Restricted => raw.Restricted;
}
