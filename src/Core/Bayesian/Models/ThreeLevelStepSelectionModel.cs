using System.Globalization;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The step-function selection model for effects nested in studies, in Bayesian form: each effect is
/// published with a probability that depends on the interval of its own one-sided p-value, given its
/// study's random effect.
/// </summary>
/// <remarks>
/// <para>The likelihood is the frequentist three-level selection model's, <see cref="ThreeLevelSelectionLikelihood"/>
/// (study effect uⱼ ~ N(0, σ²_between), effect i given uⱼ ~ N(xᵢ'β + uⱼ, vᵢ + σ²_within) reported with weight
/// ω of its p-value, normalized given uⱼ; the integral over uⱼ by adaptive Gauss-Hermite), with its gradient in
/// (β, σ²_between, σ²_within, ω₂..ω_J). Here the weights are δ of the step function, δ₁ = ω₁ = 1.</para>
/// <para>Priors: normal on β (<c>mu</c> for the intercept, the slopes' on moderators), scale priors on σ_between
/// and σ_within (sampled on their transform, Jacobian included), a <see cref="StepWeightPrior"/> on the weights.
/// Chain rule: ∂ℓ/∂σ = 2σ ∂ℓ/∂σ². The pointwise log likelihood is each study's term of ℓ, so PSIS-LOO leaves
/// out a study at a time.</para>
/// </remarks>
public sealed class ThreeLevelStepSelectionModel : IModel, IPointwiseLogLikelihood
{
    private readonly ThreeLevelSelectionLikelihood likelihood;
    private readonly FixedEffects fixedEffects;
    private readonly ScalePrior betweenPrior;
    private readonly ScalePrior withinPrior;
    private readonly ParameterTransform betweenTransform;
    private readonly ParameterTransform withinTransform;
    private readonly StepWeightPrior weightPrior;
    private readonly int p;
    private readonly int intervals;

    /// <summary>
    /// The model for <paramref name="data"/> grouped by <paramref name="clusterLabels"/>, with one-sided p-value
    /// cut points <paramref name="cutPoints"/> (increasing inside (0, 1)), the fixed effects <paramref name="design"/>
    /// (intercept only when null) and the weights' prior <paramref name="weightPrior"/> (independent uniform when null).
    /// </summary>
    public ThreeLevelStepSelectionModel(
        EffectData data,
        IReadOnlyList<string> clusterLabels,
        IReadOnlyList<double> cutPoints,
        NormalPrior interceptPrior,
        ScalePrior sigmaBetweenPrior,
        ScalePrior sigmaWithinPrior,
        StepWeightPrior? weightPrior = null,
        DesignMatrix? design = null,
        NormalPrior? slopePrior = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusterLabels);
        ArgumentNullException.ThrowIfNull(cutPoints);
        ArgumentNullException.ThrowIfNull(interceptPrior);
        ArgumentNullException.ThrowIfNull(sigmaBetweenPrior);
        ArgumentNullException.ThrowIfNull(sigmaWithinPrior);
        if (cutPoints.Count == 0 || cutPoints[^1] >= 1)
        {
            throw new InvalidInputException("steps", "needs at least one cut point, all below 1");
        }

        fixedEffects = new FixedEffects(data.K, design, interceptPrior, slopePrior);
        var weightFunction = new StepWeightFunction(cutPoints);
        likelihood = new ThreeLevelSelectionLikelihood(data, EffectClusters.Create(clusterLabels, data.K), weightFunction, SelectionAlternative.Greater, fixedEffects.Design);
        p = fixedEffects.Count;
        intervals = weightFunction.Steps.Count;
        this.weightPrior = weightPrior ?? StepWeightPrior.IndependentUniform(intervals);
        if (this.weightPrior.Intervals != intervals)
        {
            throw new InvalidInputException("alpha", $"the weights' prior has {this.weightPrior.Intervals} intervals but {cutPoints.Count} cut points make {intervals}");
        }

        betweenPrior = sigmaBetweenPrior;
        withinPrior = sigmaWithinPrior;
        betweenTransform = ScaleParameters.TransformFor(sigmaBetweenPrior);
        withinTransform = ScaleParameters.TransformFor(sigmaWithinPrior);
        var bounds = weightFunction.Steps.Prepend(0.0).ToArray();
        WeightNames = Enumerable.Range(1, intervals - 1)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"omega[{bounds[j]}-{bounds[j + 1]}]"))
            .ToArray();
        ParameterNames = [.. fixedEffects.Names, "sigma_between", "sigma_within", .. WeightNames];
    }

    /// <summary>Output names of the coefficients (<c>mu</c>, or <c>beta[column]</c> with moderators).</summary>
    public IReadOnlyList<string> CoefficientNames => fixedEffects.Names;

    /// <summary>Output names of the weights ω₂..ω_J.</summary>
    public IReadOnlyList<string> WeightNames { get; }

    /// <inheritdoc />
    public int Dimension => p + 2 + intervals - 1;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames => ParameterNames;

    /// <inheritdoc />
    public int ObservationCount => likelihood.StudyCount;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var between = new TransformedParameter(betweenTransform, unconstrained[p]);
        var within = new TransformedParameter(withinTransform, unconstrained[p + 1]);
        var lp = fixedEffects.LogPrior(unconstrained[..p], gradient)
            + betweenPrior.LogDensity(between.Value) + between.LogJacobian
            + withinPrior.LogDensity(within.Value) + within.LogJacobian;
        Span<double> weights = stackalloc double[intervals];
        lp += weightPrior.Constrain(unconstrained[(p + 2)..], weights);

        Span<double> parameters = stackalloc double[likelihood.ParameterCount];
        Span<double> likelihoodGradient = stackalloc double[likelihood.ParameterCount];
        Fill(unconstrained[..p], between.Value, within.Value, weights, parameters);
        lp += likelihood.Evaluate(parameters, likelihoodGradient);

        for (var j = 0; j < p; j++)
        {
            gradient[j] += likelihoodGradient[j];
        }

        var dBetween = betweenPrior.LogDensityDerivative(between.Value) + (2 * between.Value * likelihoodGradient[p]);
        var dWithin = withinPrior.LogDensityDerivative(within.Value) + (2 * within.Value * likelihoodGradient[p + 1]);
        gradient[p] = between.UnconstrainedGradient(dBetween);
        gradient[p + 1] = within.UnconstrainedGradient(dWithin);
        Span<double> dWeights = stackalloc double[intervals];
        dWeights[0] = 0;
        likelihoodGradient[(p + 2)..].CopyTo(dWeights[1..]);
        weightPrior.Gradient(unconstrained[(p + 2)..], weights, dWeights, gradient[(p + 2)..]);
        return double.IsNaN(lp) ? double.NegativeInfinity : lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained[..p].CopyTo(output);
        output[p] = betweenTransform.Constrain(unconstrained[p]);
        output[p + 1] = withinTransform.Constrain(unconstrained[p + 1]);
        Span<double> weights = stackalloc double[intervals];
        weightPrior.Constrain(unconstrained[(p + 2)..], weights);
        weights[1..].CopyTo(output[(p + 2)..]);
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..p].CopyTo(unconstrained);
        unconstrained[p] = betweenTransform.Unconstrain(constrained[p]);
        unconstrained[p + 1] = withinTransform.Unconstrain(constrained[p + 1]);
        Span<double> weights = stackalloc double[intervals];
        weights[0] = 1;
        constrained[(p + 2)..(p + 1 + intervals)].CopyTo(weights[1..]);
        weightPrior.Unconstrain(weights, unconstrained[(p + 2)..]);
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        Span<double> weights = stackalloc double[intervals];
        weightPrior.Constrain(unconstrained[(p + 2)..], weights);
        Span<double> parameters = stackalloc double[likelihood.ParameterCount];
        Span<double> scratch = stackalloc double[likelihood.ParameterCount];
        Fill(unconstrained[..p], betweenTransform.Constrain(unconstrained[p]), withinTransform.Constrain(unconstrained[p + 1]), weights, parameters);
        likelihood.Evaluate(parameters, scratch, logLikelihood);
    }

    /// <summary>The likelihood's parameters (β, σ²_between, σ²_within, δ₂..δ_J) from the model's.</summary>
    private void Fill(ReadOnlySpan<double> coefficients, double between, double within, ReadOnlySpan<double> weights, Span<double> parameters)
    {
        coefficients.CopyTo(parameters);
        parameters[p] = between * between;
        parameters[p + 1] = within * within;
        weights[1..].CopyTo(parameters[(p + 2)..]);
    }
}
