using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Priors on a positive parameter (the ED50 of an Emax curve), named by their parameterisation.</summary>
public static class PositivePriors
{
    /// <summary>Log-normal: log ED50 ~ N(meanlog, sdlog²).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="meanLog"/> is not finite or <paramref name="sdLog"/> is not above 0.</exception>
    public static PositivePriorSpec LogNormal(double meanLog, double sdLog) => new()
    {
        LogNormal = new PositivePriorSpec.Types.LogNormal
        {
            Meanlog = Arguments.Finite(meanLog, nameof(meanLog)),
            Sdlog = Arguments.Positive(sdLog, nameof(sdLog)),
        },
    };

    /// <summary>Gamma with the given shape and rate (mean shape / rate).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not above 0.</exception>
    public static PositivePriorSpec Gamma(double shape, double rate) => new()
    {
        Gamma = new PositivePriorSpec.Types.Gamma
        {
            Shape = Arguments.Positive(shape, nameof(shape)),
            Rate = Arguments.Positive(rate, nameof(rate)),
        },
    };
}
