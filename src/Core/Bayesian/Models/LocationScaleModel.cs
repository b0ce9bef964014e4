using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The Bayesian location-scale meta-regression in non-centred form: yᵢ ~ N(θᵢ, vᵢ), θᵢ = xᵢᵀβ + τᵢ zᵢ,
/// zᵢ ~ N(0, 1), with the heterogeneity on a log link, log τᵢ² = wᵢᵀα (metafor's <c>rma(..., scale = ~ w)</c>).
/// </summary>
/// <remarks>
/// <para>Unconstrained parameters: β (p), α (q, the scale design's intercept first), z (k); outputs add θᵢ.
/// α lives on the real line already (the log link does the constraining), so it needs no transform. Each α
/// takes a normal prior: <c>scaleInterceptPrior</c> on α₀ (log τ² of a study with zero scale moderators) and
/// <c>scaleSlopePrior</c> on every other α.</para>
/// <para>The pointwise log likelihood is the marginal N(yᵢ | xᵢᵀβ, vᵢ + τᵢ²), so PSIS-LOO leaves out whole studies.</para>
/// </remarks>
public sealed class LocationScaleModel : IModel, IPointwiseLogLikelihood
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly FixedEffects location;
    private readonly double[] w;
    private readonly NormalPrior[] scalePriors;
    private readonly int p;
    private readonly int q;
    private readonly int k;

    /// <summary>
    /// The model for <paramref name="data"/> with location design <paramref name="design"/> (intercept only when
    /// null) and scale design <paramref name="scaleDesign"/> (with its intercept).
    /// </summary>
    public LocationScaleModel(EffectData data, DesignMatrix? design, DesignMatrix scaleDesign, NormalPrior interceptPrior, NormalPrior? slopePrior, NormalPrior scaleInterceptPrior, NormalPrior? scaleSlopePrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scaleDesign);
        ArgumentNullException.ThrowIfNull(interceptPrior);
        ArgumentNullException.ThrowIfNull(scaleInterceptPrior);
        Guard.AtLeast(data.K, 2, "yi", "the location-scale model");
        if (scaleDesign.Rows != data.K)
        {
            throw new InvalidInputException("scale_moderators", $"the scale design has {scaleDesign.Rows} rows but yi has {data.K}");
        }

        if (!scaleDesign.HasIntercept)
        {
            throw new InvalidInputException("scale_moderators", "the scale design needs its intercept (log τ² of a study with zero scale moderators)");
        }

        if (scaleDesign.HasModerators && scaleSlopePrior is null)
        {
            throw new InvalidInputException("priors.scale_slopes", "is required when the scale has moderators");
        }

        location = new FixedEffects(data.K, design, interceptPrior, slopePrior);
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        k = data.K;
        p = location.Count;
        q = scaleDesign.Columns;
        w = new double[k * q];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < q; j++)
            {
                w[(i * q) + j] = scaleDesign.X[i, j];
            }
        }

        scalePriors = Enumerable.Range(0, q).Select(j => j == 0 ? scaleInterceptPrior : scaleSlopePrior!).ToArray();
        ScaleNames = scaleDesign.ColumnNames.Select(n => $"alpha[{n}]").ToArray();
        ParameterNames = [.. location.Names, .. ScaleNames, .. FixedEffects.Indexed("z", k)];
        OutputNames = [.. ParameterNames, .. FixedEffects.Indexed("theta", k)];
    }

    /// <summary>Output names of the location coefficients (<c>mu</c>, or <c>beta[column]</c> with moderators).</summary>
    public IReadOnlyList<string> CoefficientNames => location.Names;

    /// <summary>Output names of the scale coefficients, <c>alpha[column]</c>.</summary>
    public IReadOnlyList<string> ScaleNames { get; }

    /// <inheritdoc />
    public int Dimension => p + q + k;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames { get; }

    /// <inheritdoc />
    public int ObservationCount => k;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var lp = location.LogPrior(unconstrained, gradient);
        for (var j = 0; j < q; j++)
        {
            var alpha = unconstrained[p + j];
            lp += scalePriors[j].LogDensity(alpha);
            gradient[p + j] = scalePriors[j].LogDensityDerivative(alpha);
        }

        for (var i = 0; i < k; i++)
        {
            var tau = Tau(unconstrained, i);
            var z = unconstrained[p + q + i];
            var residual = yi[i] - location.Predict(unconstrained, i) - (tau * z);
            var r = residual / vi[i];
            lp += (-0.5 * z * z) - (0.5 * residual * r);
            location.AddGradient(i, r, gradient);

            // dτᵢ/dαⱼ = τᵢ wᵢⱼ / 2 through the log link.
            var dTau = r * z * 0.5 * tau;
            var offset = i * q;
            for (var j = 0; j < q; j++)
            {
                gradient[p + j] += dTau * w[offset + j];
            }

            gradient[p + q + i] = -z + (r * tau);
        }

        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        for (var i = 0; i < k; i++)
        {
            output[Dimension + i] = location.Predict(unconstrained, i) + (Tau(unconstrained, i) * unconstrained[p + q + i]);
        }
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained) => constrained[..Dimension].CopyTo(unconstrained);

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        for (var i = 0; i < k; i++)
        {
            var tau = Tau(unconstrained, i);
            var variance = vi[i] + (tau * tau);
            var residual = yi[i] - location.Predict(unconstrained, i);
            logLikelihood[i] = -0.5 * (Math.Log(2 * Math.PI * variance) + (residual * residual / variance));
        }
    }

    /// <summary>τᵢ = exp(wᵢᵀα / 2).</summary>
    private double Tau(ReadOnlySpan<double> unconstrained, int row)
    {
        var eta = 0.0;
        var offset = row * q;
        for (var j = 0; j < q; j++)
        {
            eta += w[offset + j] * unconstrained[p + j];
        }

        return Math.Exp(0.5 * eta);
    }
}
