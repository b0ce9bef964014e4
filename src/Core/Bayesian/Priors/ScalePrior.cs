using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// A prior on a standard deviation of a variance component (τ, σ between, σ within), always expressed
/// as a density on the standard deviation itself. Priors stated on τ² are carried over with the
/// Jacobian 2τ, so that every engine integrates or samples on one scale.
/// </summary>
public abstract class ScalePrior
{
    /// <summary>Log density of the prior at standard deviation <paramref name="tau"/> &gt; 0, normalized.</summary>
    public abstract double LogDensity(double tau);

    /// <summary>Derivative of <see cref="LogDensity"/> with respect to τ.</summary>
    public abstract double LogDensityDerivative(double tau);

    /// <summary>The largest τ with positive density (infinity for unbounded priors).</summary>
    public virtual double Upper => double.PositiveInfinity;

    /// <summary>A short description such as <c>half_normal(scale = 0.5)</c>, used in reports.</summary>
    public abstract override string ToString();

    /// <remarks><paramref name="field"/> is the path used in validation errors, e.g. <c>priors.tau</c>.</remarks>
    /// <summary>Half-normal on τ: density 2 φ(τ / scale) / scale.</summary>
    public static ScalePrior HalfNormal(double scale, string field = "prior") => new HalfNormalPrior(scale, field);

    /// <summary>Half-Cauchy on τ: density 2 / (π scale (1 + (τ/scale)²)).</summary>
    public static ScalePrior HalfCauchy(double scale, string field = "prior") => new HalfStudentTPrior(1, scale, field);

    /// <summary>Half-Student-t on τ with <paramref name="degreesOfFreedom"/> and <paramref name="scale"/>.</summary>
    public static ScalePrior HalfStudentT(double degreesOfFreedom, double scale, string field = "prior") => new HalfStudentTPrior(degreesOfFreedom, scale, field);

    /// <summary>Uniform on τ over (0, <paramref name="upper"/>).</summary>
    public static ScalePrior Uniform(double upper, string field = "prior") => new UniformPrior(upper, field);

    /// <summary>Inverse-gamma on τ² with <paramref name="shape"/> and <paramref name="scale"/> (density ∝ (τ²)^(-shape-1) e^(-scale/τ²)).</summary>
    public static ScalePrior InverseGammaOnTau2(double shape, double scale, string field = "prior") => new InverseGammaOnTau2Prior(shape, scale, field);

    /// <summary>Log-normal on τ²: log τ² ~ N(<paramref name="meanLog"/>, <paramref name="sdLog"/>²) — the form of the published empirical heterogeneity priors.</summary>
    public static ScalePrior LogNormalOnTau2(double meanLog, double sdLog, string field = "prior") => new LogNormalOnTau2Prior(meanLog, sdLog, field);

    /// <summary>
    /// A user-given density on τ: values <paramref name="density"/> (any positive scale, normalized here)
    /// at increasing points <paramref name="tau"/> ≥ 0, linear in between and zero outside.
    /// </summary>
    public static ScalePrior Tabulated(IReadOnlyList<double> tau, IReadOnlyList<double> density, string field = "prior") => new TabulatedPrior(tau, density, field);

    /// <summary>Checks a prior parameter is finite and positive, naming the field in the error.</summary>
    private protected static double RequirePositive(double value, string field)
    {
        Guard.Positive(value, field);
        return value;
    }
}
