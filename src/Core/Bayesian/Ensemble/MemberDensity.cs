using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;

using MetaAnalysis.Core.Statistics;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The posterior density of one ensemble member on unconstrained coordinates (μ; log τ, or log σ_between and
/// log σ_within; the cumulative Dirichlet coordinates of the weights, or log β of PET/PEESE), normalized so
/// that its integral is the member's marginal likelihood.
/// </summary>
/// <remarks>
/// <para><b>Independent effects.</b> With Sᵢ² = vᵢ + τ² and mᵢ = μ + β xᵢ (β = 0 without PET/PEESE;
/// xᵢ = √vᵢ for PET, vᵢ for PEESE): log Lᵢ = log N(yᵢ | mᵢ, Sᵢ²), plus, for a weight function,
/// log ω_j(i) − log Aᵢ with Aᵢ = Σⱼ ωⱼ P(an effect drawn from N(mᵢ, Sᵢ²) has its p-value in interval j).
/// Writing Eᵢⱼ for the probability that such an effect is more significant than cut point cⱼ,
/// Aᵢ = ω_J + Σ_{j&lt;J} (ωⱼ − ωⱼ₊₁) Eᵢⱼ, a sum of positive terms because the weights decrease. One-sided:
/// Eᵢⱼ = Φ((mᵢ − tᵢⱼ)/Sᵢ), tᵢⱼ = seᵢ Φ⁻¹(1 − cⱼ); two-sided: Eᵢⱼ = Φ((mᵢ − aᵢⱼ)/Sᵢ) + Φ((−aᵢⱼ − mᵢ)/Sᵢ),
/// aᵢⱼ = seᵢ Φ⁻¹(1 − cⱼ/2). The p-values use the sampling variance only, as in RoBMA and metafor.</para>
/// <para><b>Effects nested in studies.</b> Effect i of study s has mᵢ = μ + β xᵢ + σ_between u_s, u_s ~ N(0, 1),
/// Sᵢ² = vᵢ + σ²_within. The assumption: each effect is published or not on its own p-value, independently of
/// the other effects of its study given the study's random effect u_s, so the selection factor ω_j(i)/Aᵢ(u_s)
/// applies per effect, conditional on u_s. The study's likelihood ∫ Πᵢ Lᵢ(u) φ(u) du factors into the Gaussian
/// part, integrated in closed form (G_s, the multivariate normal density with covariance D + σ²_between 11ᵀ),
/// times the expectation of Πᵢ ω_j(i)/Aᵢ(u) under the Gaussian part's posterior of u, N(ū, 1/P) with
/// P = 1 + σ²_between Σᵢ 1/Sᵢ² and ū = σ_between Σᵢ (yᵢ − μ − β xᵢ)/Sᵢ² / P. That expectation of a smooth,
/// bounded ratio is taken by an 8-point Gauss–Hermite rule centred and scaled at N(ū, 1/P) (adaptive
/// Gauss–Hermite, so a study with many precise effects needs no more nodes than one with a single effect).
/// Without selection the study likelihood is G_s alone, exactly.</para>
/// <para>Priors: normalized densities of <see cref="EnsemblePriors"/> and of the bias adjustment; standard
/// deviations and β on the log scale (Jacobian included), weights by <see cref="CumulativeDirichletStepWeights"/>.</para>
/// </remarks>
public sealed class MemberDensity : IPosteriorDensity
{
    /// <summary>Gauss–Hermite nodes for each study's random effect in the three-level selection likelihood.</summary>
    public const int StudyEffectNodes = 8;

    private const double InverseSqrt2 = 0.70710678118654752440;
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly double[] y;
    private readonly double[] v;
    private readonly double[] predictor;
    private readonly int k;
    private readonly bool hasEffect;
    private readonly NormalPrior effectPrior;
    private readonly ScalePrior? tauPrior;
    private readonly ScalePrior? betweenPrior;
    private readonly ScalePrior? withinPrior;
    private readonly ParameterTransform? tauTransform;
    private readonly ParameterTransform? betweenTransform;
    private readonly ParameterTransform? withinTransform;
    private readonly WeightFunctionAdjustment? weightFunction;
    private readonly int intervals;
    private readonly double[] thresholds;
    private readonly int[] observedInterval;
    private readonly RegressionAdjustment? regression;
    private readonly ParameterTransform? coefficientTransform;
    private readonly int[] effectOrder;
    private readonly int[] studyStart;
    private readonly double[] studyNodes;
    private readonly double[] studyLogWeights;

    /// <summary>The density of <paramref name="member"/> fitted to <paramref name="data"/> under <paramref name="priors"/>.</summary>
    public MemberDensity(EnsembleData data, EnsembleMember member, EnsemblePriors priors)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(priors);
        Member = member;
        y = data.Effects.Yi.ToArray();
        v = data.Effects.Vi.ToArray();
        k = y.Length;
        hasEffect = member.HasEffect;
        effectPrior = priors.Effect;
        var names = new List<string>();
        if (hasEffect)
        {
            names.Add("mu");
        }

        IsThreeLevel = data.IsThreeLevel && member.HasHeterogeneity;
        if (member.HasHeterogeneity && !IsThreeLevel)
        {
            tauPrior = priors.Heterogeneity;
            tauTransform = ScaleParameters.TransformFor(tauPrior);
            names.Add("tau");
        }
        else if (IsThreeLevel)
        {
            betweenPrior = priors.SigmaBetween;
            withinPrior = priors.SigmaWithin;
            betweenTransform = ScaleParameters.TransformFor(betweenPrior);
            withinTransform = ScaleParameters.TransformFor(withinPrior);
            names.Add("sigma_between");
            names.Add("sigma_within");
        }

        predictor = new double[k];
        thresholds = [];
        observedInterval = new int[k];
        intervals = 1;
        switch (member.Bias)
        {
            case WeightFunctionAdjustment wf:
                weightFunction = wf;
                intervals = wf.Intervals;
                thresholds = new double[k * (intervals - 1)];
                for (var i = 0; i < k; i++)
                {
                    var se = Math.Sqrt(v[i]);
                    var z = wf.Sides == PValueSides.OneSided ? y[i] / se : Math.Abs(y[i]) / se;
                    var p = wf.Sides == PValueSides.OneSided ? 1 - Normal.CDF(0, 1, z) : 2 * (1 - Normal.CDF(0, 1, z));
                    observedInterval[i] = wf.Steps.Count(c => p > c);
                    for (var j = 0; j < intervals - 1; j++)
                    {
                        var tail = wf.Sides == PValueSides.OneSided ? wf.Steps[j] : wf.Steps[j] / 2;
                        thresholds[(i * (intervals - 1)) + j] = se * Normal.InvCDF(0, 1, 1 - tail);
                    }
                }

                var bounds = wf.Steps.Prepend(0.0).Append(1.0).ToArray();
                for (var j = 1; j < intervals; j++)
                {
                    names.Add(FormattableString.Invariant($"omega[{bounds[j]}-{bounds[j + 1]}]"));
                }

                break;
            case RegressionAdjustment r:
                regression = r;
                coefficientTransform = ScaleParameters.TransformFor(r.CoefficientPrior);
                for (var i = 0; i < k; i++)
                {
                    predictor[i] = r.Predictor == RegressionPredictor.StandardError ? Math.Sqrt(v[i]) : v[i];
                }

                names.Add(r.ParameterName);
                break;
        }

        ParameterNames = names;
        Dimension = names.Count;
        if (IsThreeLevel)
        {
            effectOrder = Enumerable.Range(0, k).OrderBy(i => data.StudyOfEffect[i]).ToArray();
            studyStart = new int[data.StudyCount + 1];
            foreach (var s in data.StudyOfEffect)
            {
                studyStart[s + 1]++;
            }

            for (var s = 0; s < data.StudyCount; s++)
            {
                studyStart[s + 1] += studyStart[s];
            }

            var rule = StandardNormalQuadrature.WithPoints(StudyEffectNodes);
            studyNodes = rule.Nodes;
            studyLogWeights = rule.LogWeights;
        }
        else
        {
            effectOrder = [];
            studyStart = [];
            studyNodes = [];
            studyLogWeights = [];
        }
    }

    /// <summary>The member this is the density of.</summary>
    public EnsembleMember Member { get; }

    /// <summary>Whether the member has both standard deviations of nested effects.</summary>
    public bool IsThreeLevel { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public double LogDensity(ReadOnlySpan<double> unconstrained)
    {
        var index = 0;
        var lp = 0.0;
        var mu = 0.0;
        if (hasEffect)
        {
            mu = unconstrained[index++];
            lp += effectPrior.LogDensity(mu);
        }

        double tau2 = 0, between = 0;
        if (tauTransform is not null)
        {
            var tau = tauTransform.Constrain(unconstrained[index]);
            lp += tauPrior!.LogDensity(tau) + tauTransform.LogJacobian(unconstrained[index++]);
            tau2 = tau * tau;
        }
        else if (IsThreeLevel)
        {
            between = betweenTransform!.Constrain(unconstrained[index]);
            lp += betweenPrior!.LogDensity(between) + betweenTransform.LogJacobian(unconstrained[index++]);
            var within = withinTransform!.Constrain(unconstrained[index]);
            lp += withinPrior!.LogDensity(within) + withinTransform.LogJacobian(unconstrained[index++]);
            tau2 = within * within;
        }

        Span<double> weights = stackalloc double[intervals];
        weights[0] = 1;
        if (weightFunction is not null)
        {
            lp += weightFunction.WeightPrior.Constrain(unconstrained.Slice(index, intervals - 1), weights);
            index += intervals - 1;
        }

        var beta = 0.0;
        if (regression is not null)
        {
            beta = coefficientTransform!.Constrain(unconstrained[index]);
            lp += regression.CoefficientPrior.LogDensity(beta) + coefficientTransform.LogJacobian(unconstrained[index]);
        }

        if (!double.IsFinite(lp))
        {
            return double.NegativeInfinity;
        }

        var logLikelihood = IsThreeLevel
            ? NestedLogLikelihood(mu, beta, between, tau2, weights)
            : IndependentLogLikelihood(mu, beta, tau2, weights);
        var total = lp + logLikelihood;
        return double.IsNaN(total) ? double.NegativeInfinity : total;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> natural)
    {
        var index = 0;
        if (hasEffect)
        {
            natural[index] = unconstrained[index];
            index++;
        }

        if (tauTransform is not null)
        {
            natural[index] = tauTransform.Constrain(unconstrained[index]);
            index++;
        }
        else if (IsThreeLevel)
        {
            natural[index] = betweenTransform!.Constrain(unconstrained[index]);
            natural[index + 1] = withinTransform!.Constrain(unconstrained[index + 1]);
            index += 2;
        }

        if (weightFunction is not null)
        {
            Span<double> weights = stackalloc double[intervals];
            weightFunction.WeightPrior.Constrain(unconstrained.Slice(index, intervals - 1), weights);
            weights[1..].CopyTo(natural.Slice(index, intervals - 1));
            index += intervals - 1;
        }

        if (regression is not null)
        {
            natural[index] = coefficientTransform!.Constrain(unconstrained[index]);
        }
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> natural, Span<double> unconstrained)
    {
        var index = 0;
        if (hasEffect)
        {
            unconstrained[index] = natural[index];
            index++;
        }

        if (tauTransform is not null)
        {
            unconstrained[index] = tauTransform.Unconstrain(natural[index]);
            index++;
        }
        else if (IsThreeLevel)
        {
            unconstrained[index] = betweenTransform!.Unconstrain(natural[index]);
            unconstrained[index + 1] = withinTransform!.Unconstrain(natural[index + 1]);
            index += 2;
        }

        if (weightFunction is not null)
        {
            Span<double> weights = stackalloc double[intervals];
            weights[0] = 1;
            natural.Slice(index, intervals - 1).CopyTo(weights[1..]);
            weightFunction.WeightPrior.Unconstrain(weights, unconstrained.Slice(index, intervals - 1));
            index += intervals - 1;
        }

        if (regression is not null)
        {
            unconstrained[index] = coefficientTransform!.Unconstrain(natural[index]);
        }
    }

    /// <inheritdoc />
    public void InitialPoint(Span<double> unconstrained)
    {
        // The inverse-variance mean and a heterogeneity of about half the typical standard error: near enough
        // to the mode for Newton's method; the weights start at the prior's centre (coordinates 0).
        double sumW = 0, sumWy = 0;
        for (var i = 0; i < k; i++)
        {
            sumW += 1 / v[i];
            sumWy += y[i] / v[i];
        }

        var typical = Math.Sqrt(k / sumW);
        Span<double> natural = stackalloc double[Dimension];
        var index = 0;
        if (hasEffect)
        {
            natural[index++] = sumWy / sumW;
        }

        if (tauTransform is not null)
        {
            natural[index++] = Math.Min(0.5 * typical, 0.5 * tauPrior!.Upper);
        }
        else if (IsThreeLevel)
        {
            natural[index++] = Math.Min(0.4 * typical, 0.5 * betweenPrior!.Upper);
            natural[index++] = Math.Min(0.4 * typical, 0.5 * withinPrior!.Upper);
        }

        if (weightFunction is not null)
        {
            for (var j = 1; j < intervals; j++)
            {
                natural[index++] = Math.Pow(0.5, j);
            }
        }

        if (regression is not null)
        {
            natural[index] = Math.Min(0.5, 0.5 * regression.CoefficientPrior.Upper);
        }

        Unconstrain(natural, unconstrained);
    }

    private double IndependentLogLikelihood(double mu, double beta, double tau2, ReadOnlySpan<double> weights)
    {
        Span<double> logWeights = stackalloc double[intervals];
        for (var j = 0; j < intervals; j++)
        {
            logWeights[j] = Math.Log(weights[j]);
        }

        var total = 0.0;
        for (var i = 0; i < k; i++)
        {
            var s2 = v[i] + tau2;
            var mean = mu + (beta * predictor[i]);
            var residual = y[i] - mean;
            total -= 0.5 * (LogTwoPi + Math.Log(s2) + (residual * residual / s2));
            if (weightFunction is not null)
            {
                total += logWeights[observedInterval[i]] - Math.Log(Normalizer(i, mean, Math.Sqrt(s2), weights));
            }
        }

        return total;
    }

    private double NestedLogLikelihood(double mu, double beta, double between, double within2, ReadOnlySpan<double> weights)
    {
        Span<double> logWeights = stackalloc double[intervals];
        for (var j = 0; j < intervals; j++)
        {
            logWeights[j] = Math.Log(weights[j]);
        }

        Span<double> terms = stackalloc double[studyNodes.Length];
        var between2 = between * between;
        var total = 0.0;
        for (var s = 0; s + 1 < studyStart.Length; s++)
        {
            double precision = 0, weighted = 0, quadratic = 0, logDet = 0;
            for (var e = studyStart[s]; e < studyStart[s + 1]; e++)
            {
                var i = effectOrder[e];
                var s2 = v[i] + within2;
                var residual = y[i] - mu - (beta * predictor[i]);
                precision += 1 / s2;
                weighted += residual / s2;
                quadratic += residual * residual / s2;
                logDet += Math.Log(s2);
            }

            var count = studyStart[s + 1] - studyStart[s];
            var shrink = 1 + (between2 * precision);
            total -= 0.5 * ((count * LogTwoPi) + logDet + Math.Log(shrink) + quadratic - (between2 * weighted * weighted / shrink));
            if (weightFunction is null)
            {
                continue;
            }

            // E[Πᵢ 1/Aᵢ(u)] under N(ū, 1/P), P = shrink.
            var centre = between * weighted / shrink;
            var spread = 1 / Math.Sqrt(shrink);
            var largest = double.NegativeInfinity;
            for (var g = 0; g < studyNodes.Length; g++)
            {
                var shift = between * (centre + (spread * studyNodes[g]));
                var logInverse = 0.0;
                for (var e = studyStart[s]; e < studyStart[s + 1]; e++)
                {
                    var i = effectOrder[e];
                    logInverse -= Math.Log(Normalizer(i, mu + (beta * predictor[i]) + shift, Math.Sqrt(v[i] + within2), weights));
                }

                terms[g] = studyLogWeights[g] + logInverse;
                largest = Math.Max(largest, terms[g]);
            }

            var sum = 0.0;
            for (var g = 0; g < studyNodes.Length; g++)
            {
                sum += Math.Exp(terms[g] - largest);
            }

            total += largest + Math.Log(sum);
            for (var e = studyStart[s]; e < studyStart[s + 1]; e++)
            {
                total += logWeights[observedInterval[effectOrder[e]]];
            }
        }

        return total;
    }

    /// <summary>Aᵢ = ω_J + Σ_{j&lt;J} (ωⱼ − ωⱼ₊₁) Eᵢⱼ for an effect drawn from N(<paramref name="mean"/>, <paramref name="sd"/>²).</summary>
    private double Normalizer(int i, double mean, double sd, ReadOnlySpan<double> weights)
    {
        var a = weights[intervals - 1];
        var offset = i * (intervals - 1);
        var twoSided = weightFunction!.Sides == PValueSides.TwoSided;
        for (var j = 0; j < intervals - 1; j++)
        {
            var t = thresholds[offset + j];
            var exceed = StandardNormalCdf((mean - t) / sd);
            if (twoSided)
            {
                exceed += StandardNormalCdf((-t - mean) / sd);
            }

            a += (weights[j] - weights[j + 1]) * exceed;
        }

        return a;
    }

    private static double StandardNormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z * InverseSqrt2);
}
