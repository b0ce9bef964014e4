using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>
/// Frequentist heterogeneity: τ² (or both σ² of three levels), I², H², R² and the Q test. Every figure is null
/// when the fit did not report it (Bayesian engines report these as posterior parameters instead).
/// </summary>
public sealed class HeterogeneityEstimates
{
    private readonly Heterogeneity raw;

    internal HeterogeneityEstimates(Heterogeneity? raw) => this.raw = raw ?? new Heterogeneity();

    /// <summary>The contract's message (empty when the result has none).</summary>
    public Heterogeneity Raw => raw;

    /// <summary>τ².</summary>
    public double? Tau2 => Presence.Of(raw.HasTau2, raw.Tau2);

    /// <summary>Standard error of τ².</summary>
    public double? Tau2Se => Presence.Of(raw.HasTau2Se, raw.Tau2Se);

    /// <summary>Lower confidence bound of τ².</summary>
    public double? Tau2CiLower => Presence.Of(raw.HasTau2CiLower, raw.Tau2CiLower);

    /// <summary>Upper confidence bound of τ².</summary>
    public double? Tau2CiUpper => Presence.Of(raw.HasTau2CiUpper, raw.Tau2CiUpper);

    /// <summary>I² in percent.</summary>
    public double? I2 => Presence.Of(raw.HasI2, raw.I2);

    /// <summary>Lower confidence bound of I² (percent).</summary>
    public double? I2CiLower => Presence.Of(raw.HasI2CiLower, raw.I2CiLower);

    /// <summary>Upper confidence bound of I² (percent).</summary>
    public double? I2CiUpper => Presence.Of(raw.HasI2CiUpper, raw.I2CiUpper);

    /// <summary>H².</summary>
    public double? H2 => Presence.Of(raw.HasH2, raw.H2);

    /// <summary>Lower confidence bound of H².</summary>
    public double? H2CiLower => Presence.Of(raw.HasH2CiLower, raw.H2CiLower);

    /// <summary>Upper confidence bound of H².</summary>
    public double? H2CiUpper => Presence.Of(raw.HasH2CiUpper, raw.H2CiUpper);

    /// <summary>R² in percent (the heterogeneity the moderators account for).</summary>
    public double? R2 => Presence.Of(raw.HasR2, raw.R2);

    /// <summary>Three levels: the variance between clusters.</summary>
    public double? Sigma2Between => Presence.Of(raw.HasSigma2Between, raw.Sigma2Between);

    /// <summary>Three levels: the variance of effects within clusters.</summary>
    public double? Sigma2Within => Presence.Of(raw.HasSigma2Within, raw.Sigma2Within);

    /// <summary>The Q statistic of the test of (residual) heterogeneity.</summary>
    public double? QE => Presence.Of(raw.HasQe, raw.Qe);

    /// <summary>Degrees of freedom of Q.</summary>
    public int? QEDf => Presence.Of(raw.HasQeDf, raw.QeDf);

    /// <summary>p-value of Q.</summary>
    public double? QEPValue => Presence.Of(raw.HasQePValue, raw.QePValue);

    /// <summary>With moderators, the figures are of the residual heterogeneity.</summary>
    public bool Residual => raw.Residual;
}
