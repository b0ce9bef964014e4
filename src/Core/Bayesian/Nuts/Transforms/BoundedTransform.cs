namespace MetaAnalysis.Core.Bayesian.Nuts.Transforms;

/// <summary>
/// A parameter in (lower, upper): x = lower + (upper - lower) s, s = 1 / (1 + exp(-u)).
/// </summary>
/// <remarks>
/// log |dx/du| = log(upper - lower) + log s + log(1 - s), whose derivative is 1 - 2s. Both logs are
/// evaluated as -log1p(exp(∓u)) so that large |u| neither overflows nor loses the Jacobian to rounding.
/// </remarks>
public sealed class BoundedTransform : ParameterTransform
{
    internal BoundedTransform(double lower, double upper)
    {
        if (!(upper > lower) || !double.IsFinite(lower) || !double.IsFinite(upper))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), "a bounded transform needs finite lower < upper");
        }

        Lower = lower;
        Upper = upper;
    }

    /// <summary>The lower bound.</summary>
    public double Lower { get; }

    /// <summary>The upper bound.</summary>
    public double Upper { get; }

    /// <inheritdoc />
    public override double Constrain(double u) => Lower + ((Upper - Lower) * Logistic(u));

    /// <inheritdoc />
    public override double Unconstrain(double x)
    {
        var s = (x - Lower) / (Upper - Lower);
        return Math.Log(s) - Math.Log(1 - s);
    }

    /// <inheritdoc />
    public override double Derivative(double u)
    {
        var s = Logistic(u);
        return (Upper - Lower) * s * (1 - s);
    }

    /// <inheritdoc />
    public override double LogJacobian(double u) =>
        Math.Log(Upper - Lower) - LogOnePlusExp(-u) - LogOnePlusExp(u);

    /// <inheritdoc />
    public override double LogJacobianDerivative(double u) => 1 - (2 * Logistic(u));

    /// <summary>1 / (1 + exp(-u)), without overflow for large negative u.</summary>
    internal static double Logistic(double u) => u >= 0 ? 1 / (1 + Math.Exp(-u)) : Math.Exp(u) / (1 + Math.Exp(u));

    /// <summary>log(1 + exp(u)), accurate for all u.</summary>
    internal static double LogOnePlusExp(double u) => u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u));
}
