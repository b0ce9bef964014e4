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
    private readonly double[] x;
    private readonly int[] cluster;
    private readonly int k;
    private readonly int p;
    private readonly int clusters;
    private readonly NormalPrior[] coefficientPriors;
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
        design ??= DesignMatrix.InterceptOnly(data.K);
        if (design.Rows != data.K)
        {
            throw new InvalidInputException("moderators", $"the design has {design.Rows} rows but yi has {data.K}");
        }

        if (design.HasModerators && slopePrior is null)
        {
            throw new InvalidInputException("priors.slopes", "is required when the model has moderators");
        }

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
        p = design.Columns;
        x = new double[k * p];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < p; j++)
            {
                x[(i * p) + j] = design.X[i, j];
            }
        }

        var distinct = clusterLabels.Distinct(StringComparer.Ordinal).ToList();
        cluster = clusterLabels.Select(c => distinct.IndexOf(c)).ToArray();
        ClusterLabels = distinct;
        clusters = distinct.Count;
        coefficientPriors = Enumerable.Range(0, p)
            .Select(j => j == 0 && design.HasIntercept ? interceptPrior : slopePrior ?? interceptPrior)
            .ToArray();
        betweenPrior = sigmaBetweenPrior;
        withinPrior = sigmaWithinPrior;
        betweenTransform = ScaleParameters.TransformFor(sigmaBetweenPrior);
        withinTransform = ScaleParameters.TransformFor(sigmaWithinPrior);
        string[] coefficients = design.HasModerators ? design.ColumnNames.Select(n => $"beta[{n}]").ToArray() : ["mu"];
        CoefficientNames = coefficients;
        ParameterNames = [.. coefficients, "sigma_between", "sigma_within", .. NonCentredRandomEffectsModel.Indexed("u", clusters)];
        OutputNames = ParameterNames;
    }

    /// <summary>The clusters in order of first appearance (the order of the u's).</summary>
    public IReadOnlyList<string> ClusterLabels { get; }

    /// <summary>Output names of the coefficients.</summary>
    public IReadOnlyList<string> CoefficientNames { get; }

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
        for (var j = 0; j < p; j++)
        {
            lp += coefficientPriors[j].LogDensity(unconstrained[j]);
            gradient[j] = coefficientPriors[j].LogDensityDerivative(unconstrained[j]);
        }

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
            var eta = between.Value * u;
            for (var j = 0; j < p; j++)
            {
                eta += x[(i * p) + j] * unconstrained[j];
            }

            var variance = vi[i] + within2;
            var residual = yi[i] - eta;
            var r = residual / variance;
            lp -= 0.5 * (Math.Log(variance) + (residual * r));
            for (var j = 0; j < p; j++)
            {
                gradient[j] += r * x[(i * p) + j];
            }

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
        Span<double> logDet = clusters <= 256 ? stackalloc double[clusters] : new double[clusters];
        Span<double> precision = clusters <= 256 ? stackalloc double[clusters] : new double[clusters];
        Span<double> weighted = clusters <= 256 ? stackalloc double[clusters] : new double[clusters];
        Span<double> quadratic = clusters <= 256 ? stackalloc double[clusters] : new double[clusters];
        Span<int> count = clusters <= 256 ? stackalloc int[clusters] : new int[clusters];
        logDet.Clear();
        precision.Clear();
        weighted.Clear();
        quadratic.Clear();
        count.Clear();
        for (var i = 0; i < k; i++)
        {
            var c = cluster[i];
            var r = yi[i];
            for (var j = 0; j < p; j++)
            {
                r -= x[(i * p) + j] * unconstrained[j];
            }

            var d = vi[i] + within2;
            logDet[c] += Math.Log(d);
            precision[c] += 1 / d;
            weighted[c] += r / d;
            quadratic[c] += r * r / d;
            count[c]++;
        }

        for (var c = 0; c < clusters; c++)
        {
            var shrink = 1 + (between2 * precision[c]);
            var form = quadratic[c] - (between2 * weighted[c] * weighted[c] / shrink);
            logLikelihood[c] = -0.5 * ((count[c] * Math.Log(2 * Math.PI)) + logDet[c] + Math.Log(shrink) + form);
        }
    }
}
