using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The normal random-effects model and meta-regression in non-centred form:
/// yᵢ ~ N(θᵢ, vᵢ), θᵢ = xᵢᵀβ + τ zᵢ, zᵢ ~ N(0, 1).
/// </summary>
/// <remarks>
/// <para>Non-centred: the sampler moves the standardized study effects zᵢ, not θᵢ, so the geometry does
/// not pinch into a funnel as τ → 0 (eight schools is the classic case). The model is Gaussian given τ,
/// so the exact engine computes the same posterior by integration: this model exists to check the
/// sampler against it and to serve as a building block (PET-PEESE).</para>
/// <para>Unconstrained parameters: β (p), log τ (or logit τ/upper under a uniform prior), z (k). Outputs
/// add θᵢ. The intercept alone is named <c>mu</c>; with moderators coefficients are <c>beta[column]</c>.
/// The pointwise log likelihood is the marginal N(yᵢ | xᵢᵀβ, vᵢ + τ²), so PSIS-LOO leaves out whole studies.</para>
/// </remarks>
public sealed class NonCentredRandomEffectsModel : IModel, IPointwiseLogLikelihood
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly FixedEffects fixedEffects;
    private readonly int p;
    private readonly int k;
    private readonly ScalePrior tauPrior;
    private readonly ParameterTransform tauTransform;

    /// <summary>
    /// The model for <paramref name="data"/> with design <paramref name="design"/> (intercept only when
    /// null); <paramref name="interceptPrior"/> on the intercept (μ), <paramref name="slopePrior"/> on every
    /// other coefficient, <paramref name="tauPrior"/> on τ.
    /// </summary>
    public NonCentredRandomEffectsModel(EffectData data, NormalPrior interceptPrior, ScalePrior tauPrior, DesignMatrix? design = null, NormalPrior? slopePrior = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(interceptPrior);
        ArgumentNullException.ThrowIfNull(tauPrior);
        Guard.AtLeast(data.K, 2, "yi", "the random-effects model");
        fixedEffects = new FixedEffects(data.K, design, interceptPrior, slopePrior);
        Data = data;
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        k = data.K;
        p = fixedEffects.Count;
        this.tauPrior = tauPrior;
        tauTransform = ScaleParameters.TransformFor(tauPrior);
        ParameterNames = [.. fixedEffects.Names, "tau", .. FixedEffects.Indexed("z", k)];
        OutputNames = [.. ParameterNames, .. FixedEffects.Indexed("theta", k)];
    }

    /// <summary>The data.</summary>
    public EffectData Data { get; }

    /// <summary>The fixed-effects design.</summary>
    public DesignMatrix Design => fixedEffects.Design;

    /// <summary>Output names of the coefficients (<c>mu</c>, or <c>beta[column]</c> with moderators).</summary>
    public IReadOnlyList<string> CoefficientNames => fixedEffects.Names;

    /// <inheritdoc />
    public int Dimension => p + 1 + k;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames { get; }

    /// <inheritdoc />
    public int ObservationCount => k;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var tau = new TransformedParameter(tauTransform, unconstrained[p]);
        var lp = tauPrior.LogDensity(tau.Value) + tau.LogJacobian + fixedEffects.LogPrior(unconstrained, gradient);
        var dTau = tauPrior.LogDensityDerivative(tau.Value);
        for (var i = 0; i < k; i++)
        {
            var z = unconstrained[p + 1 + i];
            var residual = yi[i] - fixedEffects.Predict(unconstrained, i) - (tau.Value * z);
            var r = residual / vi[i];
            lp += (-0.5 * z * z) - (0.5 * residual * r);
            fixedEffects.AddGradient(i, r, gradient);
            dTau += r * z;
            gradient[p + 1 + i] = -z + (r * tau.Value);
        }

        gradient[p] = tau.UnconstrainedGradient(dTau);
        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        var tau = tauTransform.Constrain(unconstrained[p]);
        output[p] = tau;
        for (var i = 0; i < k; i++)
        {
            output[Dimension + i] = fixedEffects.Predict(unconstrained, i) + (tau * unconstrained[p + 1 + i]);
        }
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..Dimension].CopyTo(unconstrained);
        unconstrained[p] = tauTransform.Unconstrain(constrained[p]);
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var tau = tauTransform.Constrain(unconstrained[p]);
        for (var i = 0; i < k; i++)
        {
            var variance = vi[i] + (tau * tau);
            var residual = yi[i] - fixedEffects.Predict(unconstrained, i);
            logLikelihood[i] = -0.5 * (Math.Log(2 * Math.PI * variance) + (residual * residual / variance));
        }
    }
}
