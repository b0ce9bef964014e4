using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// Independent uniform priors on the step weights ω₂..ω_J ∈ (0, 1), each on the logit scale: ωⱼ = 1/(1 + e^-u),
/// log Jacobian log ω + log(1 - ω). The weights need not decrease with the p-value.
/// </summary>
public sealed class IndependentUniformStepWeights : StepWeightPrior
{
    /// <summary>The prior for <paramref name="intervals"/> intervals (at least 2).</summary>
    public IndependentUniformStepWeights(int intervals)
    {
        Guard.AtLeast(intervals, 2, "steps", "a step selection model (intervals)");
        Intervals = intervals;
    }

    /// <inheritdoc />
    public override int Intervals { get; }

    /// <inheritdoc />
    public override double Constrain(ReadOnlySpan<double> unconstrained, Span<double> weights)
    {
        weights[0] = 1;
        var logJacobian = 0.0;
        for (var j = 1; j < Intervals; j++)
        {
            var u = unconstrained[j - 1];
            weights[j] = 1 / (1 + Math.Exp(-u));
            logJacobian -= Softplus(-u) + Softplus(u);
        }

        return logJacobian;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> unconstrained, ReadOnlySpan<double> weights, ReadOnlySpan<double> weightGradient, Span<double> unconstrainedGradient)
    {
        for (var j = 1; j < Intervals; j++)
        {
            var w = weights[j];
            unconstrainedGradient[j - 1] = (weightGradient[j] * w * (1 - w)) + (1 - (2 * w));
        }
    }

    /// <inheritdoc />
    public override void Unconstrain(ReadOnlySpan<double> weights, Span<double> unconstrained)
    {
        for (var j = 1; j < Intervals; j++)
        {
            unconstrained[j - 1] = Math.Log(weights[j] / (1 - weights[j]));
        }
    }

    /// <summary>log(1 + e^x) without overflow.</summary>
    internal static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}
