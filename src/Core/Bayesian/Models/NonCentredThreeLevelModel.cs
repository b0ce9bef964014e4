using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The three-level model (effects nested in clusters) with non-centred cluster effects:
/// yᵢ ~ N(xᵢᵀβ + σ_between u_c(i), vᵢ + σ²_within), u_c ~ N(0, 1).
/// </summary>
/// <remarks>
/// <para>The effect-level random effects are integrated out exactly (they only add σ²_within to each
/// sampling variance): sampling them too would put a funnel wherever an effect's sampling variance is
/// small next to σ²_within, and gains nothing. The cluster effects are non-centred, so the sampler moves
/// the standardized u_c and the geometry stays smooth as σ_between → 0.</para>
/// <para>Gradient in σ_within: with dᵢ = vᵢ + σ²_within and residual rᵢ, σ_within Σᵢ (rᵢ²/dᵢ² - 1/dᵢ).</para>
/// <para>Gaussian given the two standard deviations, so the exact engine integrates the same posterior
/// over (σ_between, σ_within); this model lets the sampler be checked against it.</para>
/// <para>The pointwise log likelihood is per cluster with both random effects integrated out:
/// y_c ~ N(X_c β, D_c + σ²_between 11ᵀ), D_c = diag(vᵢ + σ²_within), so PSIS-LOO leaves out whole clusters.</para>
/// </remarks>
public sealed class NonCentredThreeLevelModel : IModel, IPointwiseLogLikelihood
{
    private readonly double[] yi;
    private readonly double[] vi;
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
    /// The model for <paramref name="data"/> with cluster labels <paramref name="clusterLabels"/>;
    /// <paramref name="interceptPrior"/> on the intercept, <paramref name="slopePrior"/> on moderators'
    /// coefficients, scale priors on σ_between and σ_within.
    /// </summary>
    public NonCentredThreeLevelModel(
        EffectData data,
        IReadOnlyList<string> clusterLabels,
        NormalPrior interceptPrior,
        ScalePrior sigmaBetweenPrior,
        ScalePrior sigmaWithinPrior,
        DesignMatrix? design = null,
        NormalPrior? slopePrior = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusterLabels);
        ArgumentNullException.ThrowIfNull(interceptPrior);
        ArgumentNullException.ThrowIfNull(sigmaBetweenPrior);
        ArgumentNullException.ThrowIfNull(sigmaWithinPrior);
        Guard.SameLength(clusterLabels, "cluster", data.K, "yi");
        Guard.AtLeast(data.K, 3, "yi", "the three-level model");
        fixedEffects = new FixedEffects(data.K, design, interceptPrior, slopePrior);
        for (var i = 0; i < clusterLabels.Count; i++)
        {
            if (string.IsNullOrEmpty(clusterLabels[i]))
            {
                throw new InvalidInputException(Guard.Element("cluster", i), "is missing");
            }
        }

        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        k = data.K;
        p = fixedEffects.Count;
        var distinct = clusterLabels.Distinct(StringComparer.Ordinal).ToList();
        cluster = clusterLabels.Select(c => distinct.IndexOf(c)).ToArray();
        ClusterLabels = distinct;
        clusters = distinct.Count;
        betweenPrior = sigmaBetweenPrior;
        withinPrior = sigmaWithinPrior;
        betweenTransform = ScaleParameters.TransformFor(sigmaBetweenPrior);
        withinTransform = ScaleParameters.TransformFor(sigmaWithinPrior);
        ParameterNames = [.. fixedEffects.Names, "sigma_between", "sigma_within", .. FixedEffects.Indexed("u", clusters)];
        OutputNames = ParameterNames;
    }

    /// <summary>The clusters in order of first appearance (the order of the u's).</summary>
    public IReadOnlyList<string> ClusterLabels { get; }

    /// <summary>Output names of the coefficients.</summary>
    public IReadOnlyList<string> CoefficientNames => fixedEffects.Names;

    /// <inheritdoc />
    public int Dimension => p + 2 + clusters;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames { get; }

    /// <inheritdoc />
    public int ObservationCount => clusters;

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
            var eta = fixedEffects.Predict(unconstrained, i) + (between.Value * u);
            var variance = vi[i] + within2;
            var residual = yi[i] - eta;
            var r = residual / variance;
            lp -= 0.5 * (Math.Log(variance) + (residual * r));
            fixedEffects.AddGradient(i, r, gradient);
            dBetween += r * u;
            dWithin += within.Value * ((r * r) - (1 / variance));
            gradient[uStart + cluster[i]] += r * between.Value;
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

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var between2 = Math.Pow(betweenTransform.Constrain(unconstrained[p]), 2);
        var within2 = Math.Pow(withinTransform.Constrain(unconstrained[p + 1]), 2);
        Span<double> residual = k <= 256 ? stackalloc double[k] : new double[k];
        Span<double> variance = k <= 256 ? stackalloc double[k] : new double[k];
        for (var i = 0; i < k; i++)
        {
            residual[i] = yi[i] - fixedEffects.Predict(unconstrained, i);
            variance[i] = vi[i] + within2;
        }

        GroupedMarginalLikelihood.Compute(cluster, residual, variance, between2, logLikelihood);
    }
}
