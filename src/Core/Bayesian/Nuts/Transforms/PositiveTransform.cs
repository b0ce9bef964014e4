namespace MetaAnalysis.Core.Bayesian.Nuts.Transforms;

/// <summary>A lower-bounded parameter: x = lower + exp(u), so log |dx/du| = u.</summary>
public sealed class PositiveTransform : ParameterTransform
{
    internal PositiveTransform(double lower)
    {
        Lower = lower;
    }

    /// <summary>The lower bound (0 for a positive parameter).</summary>
    public double Lower { get; }

    /// <inheritdoc />
    public override double Constrain(double u) => Lower + Math.Exp(u);

    /// <inheritdoc />
    public override double Unconstrain(double x) => Math.Log(x - Lower);

    /// <inheritdoc />
    public override double Derivative(double u) => Math.Exp(u);

    /// <inheritdoc />
    public override double LogJacobian(double u) => u;

    /// <inheritdoc />
    public override double LogJacobianDerivative(double u) => 1;
}
