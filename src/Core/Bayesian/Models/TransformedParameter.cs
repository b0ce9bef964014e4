using MetaAnalysis.Core.Bayesian.Nuts.Transforms;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// One parameter evaluated at an unconstrained coordinate: its value and what the chain rule needs to
/// carry a derivative on the natural scale back to the unconstrained one, Jacobian included.
/// </summary>
internal readonly struct TransformedParameter
{
    private readonly double slope;
    private readonly double logJacobianSlope;

    public TransformedParameter(ParameterTransform transform, double unconstrained)
    {
        Value = transform.Constrain(unconstrained);
        slope = transform.Derivative(unconstrained);
        LogJacobian = transform.LogJacobian(unconstrained);
        logJacobianSlope = transform.LogJacobianDerivative(unconstrained);
    }

    /// <summary>The parameter on its natural scale.</summary>
    public double Value { get; }

    /// <summary>log |dx/du|, to add to the log density.</summary>
    public double LogJacobian { get; }

    /// <summary>d(log density + log Jacobian)/du from d(log density)/dx.</summary>
    public double UnconstrainedGradient(double naturalGradient) => (naturalGradient * slope) + logJacobianSlope;
}
