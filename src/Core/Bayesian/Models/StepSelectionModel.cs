using System.Globalization;
using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The step-function selection model of publication bias (Vevea and Hedges 1995) in Bayesian form: a
/// study is published with a probability that depends only on which interval its one-sided p-value
/// falls in, relative to the most significant interval.
/// </summary>
/// <remarks>
/// <para>Cut points 0 &lt; c₁ &lt; ... &lt; c_{J-1} &lt; 1 on the one-sided p-value pᵢ = 1 - Φ(yᵢ/√vᵢ) make J
/// intervals with weights ω₁ = 1 (p ≤ c₁) and ω₂..ω_J ∈ (0, 1) under a <see cref="StepWeightPrior"/>
/// (independent uniform priors by default, or RoBMA's cumulative Dirichlet, which keeps them decreasing). With
/// Sᵢ² = vᵢ + τ²: log Lᵢ = log ω_j(i) + log N(yᵢ | μ, Sᵢ²) - log Σⱼ ωⱼ Pᵢⱼ, where Pᵢⱼ is the probability that
/// an effect drawn from N(μ, Sᵢ²) falls in interval j, i.e. between √vᵢ Φ⁻¹(1 - cⱼ) and √vᵢ Φ⁻¹(1 - cⱼ₋₁).</para>
/// <para>∂Pᵢⱼ/∂μ = -(φ(ū) - φ(l̄))/Sᵢ and ∂Pᵢⱼ/∂Sᵢ = -(ū φ(ū) - l̄ φ(l̄))/Sᵢ with ū, l̄ the standardized ends;
/// ∂Sᵢ/∂τ = τ/Sᵢ. The pointwise log likelihood is log Lᵢ.</para>
/// </remarks>
public sealed class StepSelectionModel : IModel, IPointwiseLogLikelihood
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly int k;
    private readonly int intervals;
    private readonly int[] interval;
    private readonly double[,] thresholds;
    private readonly NormalPrior muPrior;
    private readonly ScalePrior tauPrior;
    private readonly ParameterTransform tauTransform;
    private readonly StepWeightPrior weightPrior;

    /// <summary>
    /// The model for <paramref name="data"/> with one-sided p-value cut points <paramref name="cutPoints"/> (e.g.
    /// 0.025, 0.5) and the weights' prior <paramref name="weightPrior"/> (independent uniform when null).
    /// </summary>
    public StepSelectionModel(EffectData data, IReadOnlyList<double> cutPoints, NormalPrior muPrior, ScalePrior tauPrior, StepWeightPrior? weightPrior = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cutPoints);
        ArgumentNullException.ThrowIfNull(muPrior);
        ArgumentNullException.ThrowIfNull(tauPrior);
        Guard.AtLeast(data.K, 3, "yi", "the step selection model");
        if (cutPoints.Count == 0)
        {
            throw new InvalidInputException("steps", "needs at least one cut point");
        }

        for (var j = 0; j < cutPoints.Count; j++)
        {
            if (!(cutPoints[j] > 0 && cutPoints[j] < 1) || (j > 0 && !(cutPoints[j] > cutPoints[j - 1])))
            {
                throw new InvalidInputException(Guard.Element("steps", j), "cut points must increase strictly inside (0, 1)");
            }
        }

        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        k = data.K;
        intervals = cutPoints.Count + 1;
        this.weightPrior = weightPrior ?? StepWeightPrior.IndependentUniform(intervals);
        if (this.weightPrior.Intervals != intervals)
        {
            throw new InvalidInputException("alpha", $"the weights' prior has {this.weightPrior.Intervals} intervals but {cutPoints.Count} cut points make {intervals}");
        }
        this.muPrior = muPrior;
        this.tauPrior = tauPrior;
        tauTransform = ScaleParameters.TransformFor(tauPrior);
        CutPoints = cutPoints.ToArray();

        // thresholds[i, j]: the effect size at which study i's p-value equals c_j (j = 0..J-2).
        thresholds = new double[k, cutPoints.Count];
        interval = new int[k];
        for (var i = 0; i < k; i++)
        {
            var se = Math.Sqrt(vi[i]);
            var pValue = 1 - Normal.CDF(0, 1, yi[i] / se);
            interval[i] = cutPoints.Count(c => pValue > c);
            for (var j = 0; j < cutPoints.Count; j++)
            {
                thresholds[i, j] = se * Normal.InvCDF(0, 1, 1 - cutPoints[j]);
            }
        }

        var bounds = CutPoints.Prepend(0.0).Append(1.0).ToArray();
        WeightNames = Enumerable.Range(1, intervals - 1)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"omega[{bounds[j]}-{bounds[j + 1]}]"))
            .ToArray();
        ParameterNames = ["mu", "tau", .. WeightNames];
        OutputNames = ParameterNames;
        StudiesPerInterval = Enumerable.Range(0, intervals).Select(j => interval.Count(s => s == j)).ToArray();
    }

    /// <summary>The cut points on the one-sided p-value.</summary>
    public IReadOnlyList<double> CutPoints { get; }

    /// <summary>Output names of the weights ω₂..ω_J.</summary>
    public IReadOnlyList<string> WeightNames { get; }

    /// <summary>How many observed studies fall in each interval (an empty interval leaves its weight to the prior).</summary>
    public IReadOnlyList<int> StudiesPerInterval { get; }

    /// <inheritdoc />
    public int Dimension => 2 + intervals - 1;

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
        Span<double> weights = stackalloc double[intervals];
        Span<double> dWeights = stackalloc double[intervals];
        dWeights.Clear();
        lp += weightPrior.Constrain(unconstrained[2..], weights);

        Span<double> probability = stackalloc double[intervals];
        for (var i = 0; i < k; i++)
        {
            var s2 = vi[i] + (tau.Value * tau.Value);
            var s = Math.Sqrt(s2);
            var residual = yi[i] - mu;
            lp += Math.Log(weights[interval[i]]) - (0.5 * Math.Log(2 * Math.PI * s2)) - (0.5 * residual * residual / s2);
            if (interval[i] > 0)
            {
                dWeights[interval[i]] += 1 / weights[interval[i]];
            }

            var dS = (-1 / s) + (residual * residual / (s2 * s));
            dMu += residual / s2;

            // Normalizing constant A = Σ ωⱼ Pⱼ and its derivatives in μ and S. Interval j lies between the
            // standardized thresholds t_j (below) and t_{j-1} (above); each threshold is evaluated once.
            var total = 0.0;
            var dTotalMu = 0.0;
            var dTotalS = 0.0;
            var cdfAbove = 1.0;
            var densityAbove = 0.0;
            var momentAbove = 0.0;
            for (var j = 0; j < intervals; j++)
            {
                double cdfBelow = 0, densityBelow = 0, momentBelow = 0;
                if (j < intervals - 1)
                {
                    var t = (thresholds[i, j] - mu) / s;
                    cdfBelow = Normal.CDF(0, 1, t);
                    densityBelow = Normal.PDF(0, 1, t);
                    momentBelow = t * densityBelow;
                }

                probability[j] = cdfAbove - cdfBelow;
                total += weights[j] * probability[j];
                dTotalMu -= weights[j] * (densityAbove - densityBelow) / s;
                dTotalS -= weights[j] * (momentAbove - momentBelow) / s;
                cdfAbove = cdfBelow;
                densityAbove = densityBelow;
                momentAbove = momentBelow;
            }

            lp -= Math.Log(total);
            dMu -= dTotalMu / total;
            dS -= dTotalS / total;
            dTau += dS * tau.Value / s;
            for (var j = 1; j < intervals; j++)
            {
                dWeights[j] -= probability[j] / total;
            }
        }

        gradient[0] = dMu;
        gradient[1] = tau.UnconstrainedGradient(dTau);
        weightPrior.Gradient(unconstrained[2..], weights, dWeights, gradient[2..]);

        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        output[0] = unconstrained[0];
        output[1] = tauTransform.Constrain(unconstrained[1]);
        Span<double> weights = stackalloc double[intervals];
        weightPrior.Constrain(unconstrained[2..], weights);
        weights[1..].CopyTo(output[2..]);
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        unconstrained[0] = constrained[0];
        unconstrained[1] = tauTransform.Unconstrain(constrained[1]);
        Span<double> weights = stackalloc double[intervals];
        weights[0] = 1;
        constrained[2..(1 + intervals)].CopyTo(weights[1..]);
        weightPrior.Unconstrain(weights, unconstrained[2..]);
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var mu = unconstrained[0];
        var tau = tauTransform.Constrain(unconstrained[1]);
        Span<double> weights = stackalloc double[intervals];
        weightPrior.Constrain(unconstrained[2..], weights);

        for (var i = 0; i < k; i++)
        {
            var s2 = vi[i] + (tau * tau);
            var s = Math.Sqrt(s2);
            var total = 0.0;
            var cdfAbove = 1.0;
            for (var j = 0; j < intervals; j++)
            {
                var cdfBelow = j < intervals - 1 ? Normal.CDF(0, 1, (thresholds[i, j] - mu) / s) : 0;
                total += weights[j] * (cdfAbove - cdfBelow);
                cdfAbove = cdfBelow;
            }

            var residual = yi[i] - mu;
            logLikelihood[i] = Math.Log(weights[interval[i]]) - (0.5 * Math.Log(2 * Math.PI * s2)) - (0.5 * residual * residual / s2) - Math.Log(total);
        }
    }
}
