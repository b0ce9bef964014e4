using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The three-level model on correlated sampling errors with non-centred cluster effects:
/// y_c ~ N(X_c β + σ_between u_c 1, V_c + σ²_within I), u_c ~ N(0, 1), V block-diagonal by cluster.
/// </summary>
/// <remarks>
/// <para>As <see cref="NonCentredThreeLevelModel"/>, the effect-level random effects are integrated out
/// exactly. In the eigenbasis of each block (V_c = U Λ U', <see cref="SamplingErrorRotation"/>) the
/// rotated rows are independent: ỹ_i ~ N(x̃_iᵀβ + σ_between a_i u_c, λ_i + σ²_within) with a = U'1, so the
/// density and its gradient cost what they do with independent errors, with x̃ and a in place of x and 1.</para>
/// <para>Gradient in σ_within: with d_i = λ_i + σ²_within and rotated residual r̃_i,
/// σ_within Σᵢ (r̃ᵢ²/dᵢ² − 1/dᵢ); in σ_between: Σᵢ a_i u_c r̃ᵢ/dᵢ.</para>
/// <para>Gaussian given the two standard deviations, so the exact engine integrates the same posterior;
/// this model lets the sampler check it. It offers no pointwise likelihood (PSIS-LOO).</para>
/// </remarks>
public sealed class NonCentredCorrelatedThreeLevelModel : IModel
{
    private readonly double[] y;
    private readonly double[] x;
    private readonly double[] lambda;
    private readonly double[] loading;
    private readonly FixedEffects fixedEffects;
    private readonly int[] cluster;
    private readonly int k;
    private readonly int p;
    private readonly int clusters;
    private readonly ScalePrior betweenPrior;
    private readonly ScalePrior withinPrior;
    private readonly ParameterTransform betweenTransform;
    private readonly ParameterTransform withinTransform;

    /// <summary>
    /// The model for <paramref name="data"/> on the sampling covariance <paramref name="samplingCovariance"/>
    /// (whose clusters are the model's), with <paramref name="interceptPrior"/> on the intercept,
    /// <paramref name="slopePrior"/> on moderators' coefficients and scale priors on σ_between and σ_within.
    /// </summary>
    /// <remarks>Throws <see cref="InvalidInputException"/> naming <c>V</c> when V's diagonal is not vi.</remarks>
    public NonCentredCorrelatedThreeLevelModel(
        EffectData data,
        SamplingCovariance samplingCovariance,
        NormalPrior interceptPrior,
        ScalePrior sigmaBetweenPrior,
        ScalePrior sigmaWithinPrior,
        DesignMatrix? design = null,
        NormalPrior? slopePrior = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(samplingCovariance);
        ArgumentNullException.ThrowIfNull(interceptPrior);
        ArgumentNullException.ThrowIfNull(sigmaBetweenPrior);
        ArgumentNullException.ThrowIfNull(sigmaWithinPrior);
        Guard.SameLength(samplingCovariance.Variances, "V", data.K, "yi");
        Guard.AtLeast(data.K, 3, "yi", "the three-level model");
        for (var i = 0; i < data.K; i++)
        {
            if (samplingCovariance.Variances[i] != data.Vi[i])
            {
                throw new InvalidInputException(Guard.Element("V", i), "the diagonal of V must be the sampling variances vi");
            }
        }

        fixedEffects = new FixedEffects(data.K, design, interceptPrior, slopePrior);
        k = data.K;
        p = fixedEffects.Count;
        var flat = new double[k * p];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < p; j++)
            {
                flat[(i * p) + j] = fixedEffects.Design.X[i, j];
            }
        }

        var rotation = SamplingErrorRotation.Of(samplingCovariance, data.Yi, flat, p);
        (y, x, lambda, loading) = (rotation.Y, rotation.X, rotation.Variances, rotation.Loadings);
        var grouped = samplingCovariance.Clusters;
        cluster = Enumerable.Range(0, k).Select(grouped.ClusterOf).ToArray();
        ClusterLabels = grouped.Labels;
        clusters = grouped.Count;
        betweenPrior = sigmaBetweenPrior;
        withinPrior = sigmaWithinPrior;
        betweenTransform = ScaleParameters.TransformFor(sigmaBetweenPrior);
        withinTransform = ScaleParameters.TransformFor(sigmaWithinPrior);
        ParameterNames = [.. fixedEffects.Names, "sigma_between", "sigma_within", .. FixedEffects.Indexed("u", clusters)];
    }

    /// <summary>The clusters in order of first appearance (the order of the u's).</summary>
    public IReadOnlyList<string> ClusterLabels { get; }

    /// <inheritdoc />
    public int Dimension => p + 2 + clusters;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames => ParameterNames;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var between = new TransformedParameter(betweenTransform, unconstrained[p]);
        var within = new TransformedParameter(withinTransform, unconstrained[p + 1]);
        var lp = betweenPrior.LogDensity(between.Value) + between.LogJacobian + withinPrior.LogDensity(within.Value) + within.LogJacobian;
        var dBetween = betweenPrior.LogDensityDerivative(between.Value);
        var dWithin = withinPrior.LogDensityDerivative(within.Value);
        lp += fixedEffects.LogPrior(unconstrained, gradient);
        var uStart = p + 2;
        for (var c = 0; c < clusters; c++)
        {
            var u = unconstrained[uStart + c];
            lp -= 0.5 * u * u;
            gradient[uStart + c] = -u;
        }

        var within2 = within.Value * within.Value;
        for (var i = 0; i < k; i++)
        {
            var u = unconstrained[uStart + cluster[i]];
            var eta = between.Value * loading[i] * u;
            var offset = i * p;
            for (var j = 0; j < p; j++)
            {
                eta += x[offset + j] * unconstrained[j];
            }

            var variance = lambda[i] + within2;
            var residual = y[i] - eta;
            var r = residual / variance;
            lp -= 0.5 * (Math.Log(variance) + (residual * r));
            for (var j = 0; j < p; j++)
            {
                gradient[j] += r * x[offset + j];
            }

            dBetween += r * loading[i] * u;
            dWithin += within.Value * ((r * r) - (1 / variance));
            gradient[uStart + cluster[i]] += r * loading[i] * between.Value;
        }

        gradient[p] = between.UnconstrainedGradient(dBetween);
        gradient[p + 1] = within.UnconstrainedGradient(dWithin);
        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        output[p] = betweenTransform.Constrain(unconstrained[p]);
        output[p + 1] = withinTransform.Constrain(unconstrained[p + 1]);
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..Dimension].CopyTo(unconstrained);
        unconstrained[p] = betweenTransform.Unconstrain(constrained[p]);
        unconstrained[p + 1] = withinTransform.Unconstrain(constrained[p + 1]);
    }
}
