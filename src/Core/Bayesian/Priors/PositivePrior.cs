namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// A prior on a positive parameter that is not a standard deviation of a variance component: the ED50
/// of a dose-response curve, the degrees of freedom of a Student-t.
/// </summary>
public abstract class PositivePrior
{
    /// <summary>Log density at <paramref name="x"/> &gt; 0, normalized (negative infinity outside the support).</summary>
    public abstract double LogDensity(double x);

    /// <summary>Derivative of <see cref="LogDensity"/> with respect to x.</summary>
    public abstract double LogDensityDerivative(double x);

    /// <summary>A short description such as <c>log_normal(meanlog = 3.4, sdlog = 1)</c>, used in reports.</summary>
    public abstract override string ToString();

    /// <summary>Log-normal: log x ~ N(<paramref name="meanLog"/>, <paramref name="sdLog"/>²). <paramref name="field"/> names the prior in validation errors.</summary>
    public static PositivePrior LogNormal(double meanLog, double sdLog, string field = "prior") => new LogNormalPrior(meanLog, sdLog, field);

    /// <summary>Gamma with <paramref name="shape"/> and <paramref name="rate"/> (mean shape/rate); Gamma(2, 0.1) is Juárez and Steel's prior on Student-t degrees of freedom.</summary>
    public static PositivePrior Gamma(double shape, double rate, string field = "prior") => new GammaPrior(shape, rate, field);
}
