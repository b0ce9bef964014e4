using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// Log-normal prior on τ² (log τ² ~ N(meanlog, sdlog²)), carried over to τ with the Jacobian 2τ. This is
/// the form of the empirical heterogeneity priors published for medical meta-analyses.
/// </summary>
public sealed class LogNormalOnTau2Prior : ScalePrior
{
    internal LogNormalOnTau2Prior(double meanLog, double sdLog, string field)
    {
        Guard.Finite(meanLog, $"{field}.meanlog");
        MeanLog = meanLog;
        SdLog = RequirePositive(sdLog, $"{field}.sdlog");
    }

    /// <summary>Mean of log τ².</summary>
    public double MeanLog { get; }

    /// <summary>Standard deviation of log τ².</summary>
    public double SdLog { get; }

    /// <inheritdoc />
    public override double LogDensity(double tau)
    {
        if (tau <= 0)
        {
            return double.NegativeInfinity;
        }

        // τ² log-normal means log τ = (log τ²)/2 is normal with mean meanlog/2 and sd sdlog/2,
        // so τ is log-normal(meanlog/2, sdlog/2).
        var mu = MeanLog / 2;
        var sigma = SdLog / 2;
        var z = (Math.Log(tau) - mu) / sigma;
        return -Math.Log(tau) - Math.Log(sigma) - (0.5 * Math.Log(2 * Math.PI)) - (0.5 * z * z);
    }

    /// <inheritdoc />
    public override double LogDensityDerivative(double tau)
    {
        var mu = MeanLog / 2;
        var sigma = SdLog / 2;
        return (-1 - ((Math.Log(tau) - mu) / (sigma * sigma))) / tau;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"log_normal_tau2(meanlog = {MeanLog}, sdlog = {SdLog})");
}
