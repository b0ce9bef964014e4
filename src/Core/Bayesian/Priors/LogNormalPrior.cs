using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Log-normal prior on a positive parameter: log x ~ N(meanlog, sdlog²).</summary>
public sealed class LogNormalPrior : PositivePrior
{
    internal LogNormalPrior(double meanLog, double sdLog, string field)
    {
        Guard.Finite(meanLog, $"{field}.meanlog");
        Guard.Positive(sdLog, $"{field}.sdlog");
        MeanLog = meanLog;
        SdLog = sdLog;
    }

    /// <summary>Mean of log x.</summary>
    public double MeanLog { get; }

    /// <summary>Standard deviation of log x.</summary>
    public double SdLog { get; }

    /// <inheritdoc />
    /// <remarks>log p(x) = -log x - log sdlog - ½ log 2π - ½ ((log x - meanlog) / sdlog)².</remarks>
    public override double LogDensity(double x)
    {
        if (!(x > 0))
        {
            return double.NegativeInfinity;
        }

        var z = (Math.Log(x) - MeanLog) / SdLog;
        return -Math.Log(x) - Math.Log(SdLog) - (0.5 * Math.Log(2 * Math.PI)) - (0.5 * z * z);
    }

    /// <inheritdoc />
    public override double LogDensityDerivative(double x) => (-1 - ((Math.Log(x) - MeanLog) / (SdLog * SdLog))) / x;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"log_normal(meanlog = {MeanLog}, sdlog = {SdLog})");
}
