using MathNet.Numerics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// RoBMA's cumulative Dirichlet prior on the step weights: η ~ Dirichlet(α₁, ..., α_J), ωⱼ = ηⱼ + ... + η_J,
/// so 1 = ω₁ ≥ ω₂ ≥ ... ≥ ω_J &gt; 0: a less significant interval is never published more often.
/// </summary>
/// <remarks>
/// <para>Stick-breaking: η₁ = z₁, ηₖ = zₖ Π_{l&lt;k}(1 - z_l), with independent zₖ ~ Beta(αₖ, α_{k+1} + ... + α_J),
/// k = 1..J-1, is Dirichlet(α). Then ω_{k+1} = 1 - (η₁ + ... + ηₖ) = Π_{l≤k}(1 - z_l): each weight is the
/// previous one times 1 - zₖ. The coordinates are uₖ = logit zₖ, so log prior + log Jacobian is
/// Σₖ [αₖ log zₖ + βₖ log(1 - zₖ) - log B(αₖ, βₖ)] with βₖ = α_{k+1} + ... + α_J, whose uₖ-derivative is
/// αₖ(1 - zₖ) - βₖ zₖ.</para>
/// <para>Likelihood gradient: ∂ωⱼ/∂zₖ = -ωⱼ/(1 - zₖ) for j &gt; k, and dzₖ/duₖ = zₖ(1 - zₖ), so
/// ∂ℓ/∂uₖ = -zₖ Σ_{j&gt;k} (∂ℓ/∂ωⱼ) ωⱼ.</para>
/// </remarks>
public sealed class CumulativeDirichletStepWeights : StepWeightPrior
{
    private readonly double[] alpha;
    private readonly double[] remaining;
    private readonly double logNormalizer;

    /// <summary>The prior with concentration <paramref name="concentration"/>, one α &gt; 0 per interval (at least 2).</summary>
    public CumulativeDirichletStepWeights(IReadOnlyList<double> concentration)
    {
        ArgumentNullException.ThrowIfNull(concentration);
        Guard.AtLeast(concentration.Count, 2, "alpha", "the cumulative Dirichlet prior (one α per interval)");
        for (var j = 0; j < concentration.Count; j++)
        {
            if (!(concentration[j] > 0) || double.IsInfinity(concentration[j]))
            {
                throw new InvalidInputException(Guard.Element("alpha", j), "must be a positive finite number");
            }
        }

        alpha = concentration.ToArray();
        remaining = new double[alpha.Length];
        for (var k = alpha.Length - 2; k >= 0; k--)
        {
            remaining[k] = remaining[k + 1] + alpha[k + 1];
        }

        for (var k = 0; k < alpha.Length - 1; k++)
        {
            logNormalizer -= SpecialFunctions.BetaLn(alpha[k], remaining[k]);
        }
    }

    /// <summary>The concentration parameters α, one per interval.</summary>
    public IReadOnlyList<double> Alpha => alpha;

    /// <inheritdoc />
    public override int Intervals => alpha.Length;

    /// <inheritdoc />
    public override double Constrain(ReadOnlySpan<double> unconstrained, Span<double> weights)
    {
        weights[0] = 1;
        var logDensity = logNormalizer;
        for (var k = 0; k < Intervals - 1; k++)
        {
            var u = unconstrained[k];
            var logZ = -IndependentUniformStepWeights.Softplus(-u);
            var logOneMinusZ = -IndependentUniformStepWeights.Softplus(u);
            logDensity += (alpha[k] * logZ) + (remaining[k] * logOneMinusZ);
            weights[k + 1] = weights[k] * Math.Exp(logOneMinusZ);
        }

        return logDensity;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> unconstrained, ReadOnlySpan<double> weights, ReadOnlySpan<double> weightGradient, Span<double> unconstrainedGradient)
    {
        // Σ_{j>k} (∂ℓ/∂ωⱼ) ωⱼ accumulated from the last interval down.
        var tail = 0.0;
        for (var k = Intervals - 2; k >= 0; k--)
        {
            tail += weightGradient[k + 1] * weights[k + 1];
            var z = 1 / (1 + Math.Exp(-unconstrained[k]));
            unconstrainedGradient[k] = (-z * tail) + (alpha[k] * (1 - z)) - (remaining[k] * z);
        }
    }

    /// <inheritdoc />
    public override void Unconstrain(ReadOnlySpan<double> weights, Span<double> unconstrained)
    {
        for (var k = 0; k < Intervals - 1; k++)
        {
            // 1 - zₖ = ω_{k+1}/ωₖ.
            var ratio = weights[k + 1] / weights[k];
            unconstrained[k] = Math.Log((1 - ratio) / ratio);
        }
    }
}
