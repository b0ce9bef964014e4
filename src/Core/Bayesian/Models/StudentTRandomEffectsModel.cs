using MathNet.Numerics;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// Robust random effects: study effects with Student-t tails, so that one outlying study pulls μ less and
/// does not inflate τ as much. yᵢ ~ N(θᵢ, vᵢ), θᵢ = μ + τ tᵢ, tᵢ ~ Student-t(ν), ν given or estimated.
/// </summary>
/// <remarks>
/// <para>τ is the scale of the t distribution (the standard deviation of the effects is τ √(ν/(ν-2)) for
/// ν &gt; 2). The standardized effects tᵢ are sampled directly (non-centred), with log density
/// log Γ((ν+1)/2) - log Γ(ν/2) - ½ log(νπ) - (ν+1)/2 · log(1 + tᵢ²/ν).</para>
/// <para>With ν estimated, its derivative uses the digamma function ψ:
/// ∂/∂ν = ½ψ((ν+1)/2) - ½ψ(ν/2) - 1/(2ν) - ½ log(1 + t²/ν) + (ν+1) t² / (2ν(ν + t²)), and ν is sampled
/// on the log scale with its own prior (Gamma(2, 0.1) is the usual weakly informative choice).</para>
/// <para>The pointwise log likelihood is conditional on θᵢ, N(yᵢ | θᵢ, vᵢ); the marginal has no closed
/// form, so Pareto-k diagnostics of PSIS-LOO for this model are often high and say so.</para>
/// </remarks>
public sealed class StudentTRandomEffectsModel : IModel, IPointwiseLogLikelihood
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly int k;
    private readonly NormalPrior muPrior;
    private readonly ScalePrior tauPrior;
    private readonly PositivePrior? dfPrior;
    private readonly double fixedDf;
    private readonly ParameterTransform tauTransform;
    private readonly int offset;

    private StudentTRandomEffectsModel(EffectData data, NormalPrior muPrior, ScalePrior tauPrior, double fixedDf, PositivePrior? dfPrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(muPrior);
        ArgumentNullException.ThrowIfNull(tauPrior);
        Guard.AtLeast(data.K, 2, "yi", "the Student-t random-effects model");
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        k = data.K;
        this.muPrior = muPrior;
        this.tauPrior = tauPrior;
        this.fixedDf = fixedDf;
        this.dfPrior = dfPrior;
        tauTransform = ScaleParameters.TransformFor(tauPrior);
        offset = dfPrior is null ? 2 : 3;
        ParameterNames = dfPrior is null
            ? ["mu", "tau", .. FixedEffects.Indexed("t", k)]
            : ["mu", "tau", "df", .. FixedEffects.Indexed("t", k)];
        OutputNames = [.. ParameterNames, .. FixedEffects.Indexed("theta", k)];
    }

    /// <summary>Student-t study effects with known degrees of freedom <paramref name="degreesOfFreedom"/>.</summary>
    public static StudentTRandomEffectsModel WithKnownDegreesOfFreedom(EffectData data, double degreesOfFreedom, NormalPrior muPrior, ScalePrior tauPrior)
    {
        Guard.Positive(degreesOfFreedom, "random_effects.df");
        return new StudentTRandomEffectsModel(data, muPrior, tauPrior, degreesOfFreedom, null);
    }

    /// <summary>Student-t study effects whose degrees of freedom are estimated with prior <paramref name="dfPrior"/>.</summary>
    public static StudentTRandomEffectsModel WithEstimatedDegreesOfFreedom(EffectData data, PositivePrior dfPrior, NormalPrior muPrior, ScalePrior tauPrior)
    {
        ArgumentNullException.ThrowIfNull(dfPrior);
        return new StudentTRandomEffectsModel(data, muPrior, tauPrior, double.NaN, dfPrior);
    }

    /// <summary>Whether ν is a parameter.</summary>
    public bool EstimatesDegreesOfFreedom => dfPrior is not null;

    /// <inheritdoc />
    public int Dimension => offset + k;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames { get; }

    /// <inheritdoc />
    public int ObservationCount => k;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var mu = unconstrained[0];
        var tau = new TransformedParameter(tauTransform, unconstrained[1]);
        var lp = muPrior.LogDensity(mu) + tauPrior.LogDensity(tau.Value) + tau.LogJacobian;
        var dMu = muPrior.LogDensityDerivative(mu);
        var dTau = tauPrior.LogDensityDerivative(tau.Value);

        var df = fixedDf;
        var dDf = 0.0;
        var dfParameter = default(TransformedParameter);
        if (dfPrior is not null)
        {
            dfParameter = new TransformedParameter(ParameterTransform.Positive, unconstrained[2]);
            df = dfParameter.Value;
            lp += dfPrior.LogDensity(df) + dfParameter.LogJacobian;
            dDf = dfPrior.LogDensityDerivative(df);
        }

        var logNormalizer = SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2) - (0.5 * Math.Log(df * Math.PI));
        var dLogNormalizer = dfPrior is null
            ? 0
            : (0.5 * SpecialFunctions.DiGamma((df + 1) / 2)) - (0.5 * SpecialFunctions.DiGamma(df / 2)) - (0.5 / df);
        lp += k * logNormalizer;
        dDf += k * dLogNormalizer;

        for (var i = 0; i < k; i++)
        {
            var t = unconstrained[offset + i];
            var log1p = Math.Log(1 + (t * t / df));
            var residual = yi[i] - mu - (tau.Value * t);
            var r = residual / vi[i];
            lp += (-(df + 1) / 2 * log1p) - (0.5 * residual * r);
            dMu += r;
            dTau += r * t;
            gradient[offset + i] = (-(df + 1) * t / (df + (t * t))) + (r * tau.Value);
            if (dfPrior is not null)
            {
                dDf += (-0.5 * log1p) + ((df + 1) * t * t / (2 * df * (df + (t * t))));
            }
        }

        gradient[0] = dMu;
        gradient[1] = tau.UnconstrainedGradient(dTau);
        if (dfPrior is not null)
        {
            gradient[2] = dfParameter.UnconstrainedGradient(dDf);
        }

        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        var tau = tauTransform.Constrain(unconstrained[1]);
        output[1] = tau;
        if (dfPrior is not null)
        {
            output[2] = Math.Exp(unconstrained[2]);
        }

        for (var i = 0; i < k; i++)
        {
            output[Dimension + i] = unconstrained[0] + (tau * unconstrained[offset + i]);
        }
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..Dimension].CopyTo(unconstrained);
        unconstrained[1] = tauTransform.Unconstrain(constrained[1]);
        if (dfPrior is not null)
        {
            unconstrained[2] = Math.Log(constrained[2]);
        }
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var tau = tauTransform.Constrain(unconstrained[1]);
        for (var i = 0; i < k; i++)
        {
            var residual = yi[i] - unconstrained[0] - (tau * unconstrained[offset + i]);
            logLikelihood[i] = -0.5 * (Math.Log(2 * Math.PI * vi[i]) + (residual * residual / vi[i]));
        }
    }
}
