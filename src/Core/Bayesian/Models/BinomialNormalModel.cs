using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;
using MathNet.Numerics;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The binomial-normal random-effects model of 2x2 tables on the log odds ratio scale (Smith,
/// Spiegelhalter and Thomas 1995): the exact binomial likelihood replaces the normal approximation of
/// the log odds ratio, so studies with zero or few events need no continuity correction.
/// </summary>
/// <remarks>
/// <para>Study i: events aᵢ of n1ᵢ in the treatment group, cᵢ of n2ᵢ in the control group;
/// logit P(control event) = αᵢ, logit P(treatment event) = αᵢ + θᵢ, θᵢ = μ + τ zᵢ, zᵢ ~ N(0, 1).
/// The baselines αᵢ are fixed study effects with a normal prior.</para>
/// <para>Each arm contributes a log(p) + (n - a) log(1 - p) = a η - n log(1 + e^η) on the logit η, whose
/// derivative is a - n logistic(η). The pointwise log likelihood is the binomial log probability of both
/// arms, conditional on the study's parameters.</para>
/// </remarks>
public sealed class BinomialNormalModel : IModel, IPointwiseLogLikelihood
{
    private readonly double[] ai;
    private readonly double[] n1i;
    private readonly double[] ci;
    private readonly double[] n2i;
    private readonly double[] logChoose;
    private readonly int k;
    private readonly NormalPrior muPrior;
    private readonly ScalePrior tauPrior;
    private readonly NormalPrior baselinePrior;
    private readonly ParameterTransform tauTransform;

    /// <summary>
    /// The model for tables (<paramref name="ai"/> events of <paramref name="n1i"/> treated,
    /// <paramref name="ci"/> events of <paramref name="n2i"/> controls); priors on μ (log odds ratio), τ and
    /// every baseline log odds αᵢ.
    /// </summary>
    public BinomialNormalModel(
        IReadOnlyList<double> ai,
        IReadOnlyList<double> n1i,
        IReadOnlyList<double> ci,
        IReadOnlyList<double> n2i,
        NormalPrior muPrior,
        ScalePrior tauPrior,
        NormalPrior baselinePrior)
    {
        ArgumentNullException.ThrowIfNull(ai);
        ArgumentNullException.ThrowIfNull(n1i);
        ArgumentNullException.ThrowIfNull(ci);
        ArgumentNullException.ThrowIfNull(n2i);
        ArgumentNullException.ThrowIfNull(muPrior);
        ArgumentNullException.ThrowIfNull(tauPrior);
        ArgumentNullException.ThrowIfNull(baselinePrior);
        k = ai.Count;
        Guard.SameLength(n1i, "n1i", k, "ai");
        Guard.SameLength(ci, "ci", k, "ai");
        Guard.SameLength(n2i, "n2i", k, "ai");
        Guard.AtLeast(k, 2, "ai", "the binomial-normal model");
        CheckCounts(ai, n1i, "ai", "n1i");
        CheckCounts(ci, n2i, "ci", "n2i");
        this.ai = ai.ToArray();
        this.n1i = n1i.ToArray();
        this.ci = ci.ToArray();
        this.n2i = n2i.ToArray();
        logChoose = Enumerable.Range(0, k)
            .Select(i => SpecialFunctions.BinomialLn((int)n1i[i], (int)ai[i]) + SpecialFunctions.BinomialLn((int)n2i[i], (int)ci[i]))
            .ToArray();
        this.muPrior = muPrior;
        this.tauPrior = tauPrior;
        this.baselinePrior = baselinePrior;
        tauTransform = ScaleParameters.TransformFor(tauPrior);
        ParameterNames = ["mu", "tau", .. FixedEffects.Indexed("alpha", k), .. FixedEffects.Indexed("z", k)];
        OutputNames = [.. ParameterNames, .. FixedEffects.Indexed("theta", k)];
    }

    /// <inheritdoc />
    public int Dimension => 2 + (2 * k);

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
        for (var i = 0; i < k; i++)
        {
            var alpha = unconstrained[2 + i];
            var z = unconstrained[2 + k + i];
            var eta = alpha + mu + (tau.Value * z);
            var controlScore = ci[i] - (n2i[i] * BoundedTransform.Logistic(alpha));
            var treatedScore = ai[i] - (n1i[i] * BoundedTransform.Logistic(eta));
            lp += baselinePrior.LogDensity(alpha) - (0.5 * z * z)
                + (ci[i] * alpha) - (n2i[i] * BoundedTransform.LogOnePlusExp(alpha))
                + (ai[i] * eta) - (n1i[i] * BoundedTransform.LogOnePlusExp(eta));
            gradient[2 + i] = baselinePrior.LogDensityDerivative(alpha) + controlScore + treatedScore;
            gradient[2 + k + i] = -z + (tau.Value * treatedScore);
            dMu += treatedScore;
            dTau += treatedScore * z;
        }

        gradient[0] = dMu;
        gradient[1] = tau.UnconstrainedGradient(dTau);
        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        var tau = tauTransform.Constrain(unconstrained[1]);
        output[1] = tau;
        for (var i = 0; i < k; i++)
        {
            output[Dimension + i] = unconstrained[0] + (tau * unconstrained[2 + k + i]);
        }
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..Dimension].CopyTo(unconstrained);
        unconstrained[1] = tauTransform.Unconstrain(constrained[1]);
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var tau = tauTransform.Constrain(unconstrained[1]);
        for (var i = 0; i < k; i++)
        {
            var alpha = unconstrained[2 + i];
            var eta = alpha + unconstrained[0] + (tau * unconstrained[2 + k + i]);
            logLikelihood[i] = logChoose[i]
                + (ci[i] * alpha) - (n2i[i] * BoundedTransform.LogOnePlusExp(alpha))
                + (ai[i] * eta) - (n1i[i] * BoundedTransform.LogOnePlusExp(eta));
        }
    }

    private static void CheckCounts(IReadOnlyList<double> events, IReadOnlyList<double> sizes, string eventField, string sizeField)
    {
        Guard.NonNegative(events, eventField);
        Guard.Positive(sizes, sizeField);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] != Math.Floor(events[i]))
            {
                throw new InvalidInputException(Guard.Element(eventField, i), $"must be a whole number of events, got {events[i]}");
            }

            if (sizes[i] != Math.Floor(sizes[i]))
            {
                throw new InvalidInputException(Guard.Element(sizeField, i), $"must be a whole number of participants, got {sizes[i]}");
            }

            if (events[i] > sizes[i])
            {
                throw new InvalidInputException(Guard.Element(eventField, i), $"is {events[i]} events, more than the group size {sizeField} = {sizes[i]}");
            }
        }
    }
}
