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
    private readonly int p;
    private readonly FixedEffects fixedEffects;
    private readonly ScalePrior tauPrior;
    private readonly PositivePrior? dfPrior;
    private readonly double fixedDf;
    private readonly ParameterTransform tauTransform;
    private readonly int offset;

    private StudentTRandomEffectsModel(EffectData data, NormalPrior muPrior, ScalePrior tauPrior, double fixedDf, PositivePrior? dfPrior, DesignMatrix? design, NormalPrior? slopePrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(muPrior);
        ArgumentNullException.ThrowIfNull(tauPrior);
        Guard.AtLeast(data.K, 2, "yi", "the Student-t random-effects model");
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        k = data.K;
        fixedEffects = new FixedEffects(k, design, muPrior, slopePrior);
        p = fixedEffects.Count;
        this.tauPrior = tauPrior;
        this.fixedDf = fixedDf;
        this.dfPrior = dfPrior;
        tauTransform = ScaleParameters.TransformFor(tauPrior);
        offset = p + (dfPrior is null ? 1 : 2);
        ParameterNames = dfPrior is null
            ? [.. fixedEffects.Names, "tau", .. FixedEffects.Indexed("t", k)]
            : [.. fixedEffects.Names, "tau", "df", .. FixedEffects.Indexed("t", k)];
        OutputNames = [.. ParameterNames, .. FixedEffects.Indexed("theta", k)];
    }

    /// <summary>
    /// Student-t study effects with known degrees of freedom <paramref name="degreesOfFreedom"/>;
    /// <paramref name="muPrior"/> is the intercept's prior, <paramref name="slopePrior"/> that of the
    /// moderators' coefficients when <paramref name="design"/> has any.
    /// </summary>
    public static StudentTRandomEffectsModel WithKnownDegreesOfFreedom(EffectData data, double degreesOfFreedom, NormalPrior muPrior, ScalePrior tauPrior, DesignMatrix? design = null, NormalPrior? slopePrior = null)
    {
        Guard.Positive(degreesOfFreedom, "random_effects.df");
        return new StudentTRandomEffectsModel(data, muPrior, tauPrior, degreesOfFreedom, null, design, slopePrior);
    }

    /// <summary>Student-t study effects whose degrees of freedom are estimated with prior <paramref name="dfPrior"/>.</summary>
    public static StudentTRandomEffectsModel WithEstimatedDegreesOfFreedom(EffectData data, PositivePrior dfPrior, NormalPrior muPrior, ScalePrior tauPrior, DesignMatrix? design = null, NormalPrior? slopePrior = null)
    {
        ArgumentNullException.ThrowIfNull(dfPrior);
        return new StudentTRandomEffectsModel(data, muPrior, tauPrior, double.NaN, dfPrior, design, slopePrior);
    }

    /// <summary>Output names of the coefficients (<c>mu</c>, or <c>beta[column]</c> with moderators).</summary>
    public IReadOnlyList<string> CoefficientNames => fixedEffects.Names;

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
        var tau = new TransformedParameter(tauTransform, unconstrained[p]);
        var lp = fixedEffects.LogPrior(unconstrained, gradient) + tauPrior.LogDensity(tau.Value) + tau.LogJacobian;
        var dTau = tauPrior.LogDensityDerivative(tau.Value);

        var df = fixedDf;
        var dDf = 0.0;
        var dfParameter = default(TransformedParameter);
        if (dfPrior is not null)
        {
            dfParameter = new TransformedParameter(ParameterTransform.Positive, unconstrained[p + 1]);
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
            var residual = yi[i] - fixedEffects.Predict(unconstrained, i) - (tau.Value * t);
            var r = residual / vi[i];
            lp += (-(df + 1) / 2 * log1p) - (0.5 * residual * r);
            fixedEffects.AddGradient(i, r, gradient);
            dTau += r * t;
            gradient[offset + i] = (-(df + 1) * t / (df + (t * t))) + (r * tau.Value);
            if (dfPrior is not null)
            {
                dDf += (-0.5 * log1p) + ((df + 1) * t * t / (2 * df * (df + (t * t))));
            }
        }

        gradient[p] = tau.UnconstrainedGradient(dTau);
        if (dfPrior is not null)
        {
            gradient[p + 1] = dfParameter.UnconstrainedGradient(dDf);
        }

        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        var tau = tauTransform.Constrain(unconstrained[p]);
        output[p] = tau;
        if (dfPrior is not null)
        {
            output[p + 1] = Math.Exp(unconstrained[p + 1]);
        }

        for (var i = 0; i < k; i++)
        {
            output[Dimension + i] = fixedEffects.Predict(unconstrained, i) + (tau * unconstrained[offset + i]);
        }
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..Dimension].CopyTo(unconstrained);
        unconstrained[p] = tauTransform.Unconstrain(constrained[p]);
        if (dfPrior is not null)
        {
            unconstrained[p + 1] = Math.Log(constrained[p + 1]);
        }
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var tau = tauTransform.Constrain(unconstrained[p]);
        for (var i = 0; i < k; i++)
        {
            var residual = yi[i] - fixedEffects.Predict(unconstrained, i) - (tau * unconstrained[offset + i]);
            logLikelihood[i] = -0.5 * (Math.Log(2 * Math.PI * vi[i]) + (residual * residual / vi[i]));
        }
    }
}
