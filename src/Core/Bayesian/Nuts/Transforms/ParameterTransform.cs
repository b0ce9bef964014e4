namespace MetaAnalysis.Core.Bayesian.Nuts.Transforms;

/// <summary>
/// A smooth one-to-one map from the real line (the unconstrained coordinate u) to a parameter's support
/// (x), with the log Jacobian the density on u needs.
/// </summary>
/// <remarks>
/// A model with density p(x) samples u with density p(x(u)) |dx/du|; its gradient in u is
/// d log p/dx · dx/du + d log|dx/du| / du, which is what <see cref="Derivative"/> and
/// <see cref="LogJacobianDerivative"/> supply.
/// </remarks>
public abstract class ParameterTransform
{
    /// <summary>The identity: a parameter on the whole real line.</summary>
    public static ParameterTransform Identity { get; } = new IdentityTransform();

    /// <summary>x = exp(u), for positive parameters (τ, ED50, degrees of freedom).</summary>
    public static ParameterTransform Positive { get; } = new PositiveTransform(0);

    /// <summary>x = lower + exp(u).</summary>
    public static ParameterTransform LowerBounded(double lower) => new PositiveTransform(lower);

    /// <summary>x = lower + (upper - lower) logistic(u), for parameters in an interval.</summary>
    public static ParameterTransform Bounded(double lower, double upper) => new BoundedTransform(lower, upper);

    /// <summary>The parameter x at unconstrained u.</summary>
    public abstract double Constrain(double u);

    /// <summary>The unconstrained u of parameter x (x must lie inside the support).</summary>
    public abstract double Unconstrain(double x);

    /// <summary>dx/du.</summary>
    public abstract double Derivative(double u);

    /// <summary>log |dx/du|.</summary>
    public abstract double LogJacobian(double u);

    /// <summary>d log |dx/du| / du.</summary>
    public abstract double LogJacobianDerivative(double u);

    private sealed class IdentityTransform : ParameterTransform
    {
        public override double Constrain(double u) => u;

        public override double Unconstrain(double x) => x;

        public override double Derivative(double u) => 1;

        public override double LogJacobian(double u) => 0;

        public override double LogJacobianDerivative(double u) => 0;
    }
}
