using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Normal prior on a location parameter (μ, a regression coefficient, E0, Emax).</summary>
public sealed class NormalPrior
{
    private NormalPrior(double mean, double sd)
    {
        Mean = mean;
        Sd = sd;
    }

    /// <summary>Prior mean.</summary>
    public double Mean { get; }

    /// <summary>Prior standard deviation.</summary>
    public double Sd { get; }

    /// <summary>N(<paramref name="mean"/>, <paramref name="sd"/>²); both validated.</summary>
    public static NormalPrior Create(double mean, double sd, string field = "prior")
    {
        Guard.Finite(mean, $"{field}.mean");
        Guard.Positive(sd, $"{field}.sd");
        return new NormalPrior(mean, sd);
    }

    /// <summary>Log density at <paramref name="x"/>.</summary>
    public double LogDensity(double x)
    {
        var z = (x - Mean) / Sd;
        return (-0.5 * z * z) - Math.Log(Sd) - (0.5 * Math.Log(2 * Math.PI));
    }

    /// <summary>Derivative of the log density.</summary>
    public double LogDensityDerivative(double x) => -(x - Mean) / (Sd * Sd);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"normal(mean = {Mean}, sd = {Sd})");
}
