using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// Selection models of publication bias fitted by maximum likelihood, at parity with metafor's
/// <c>selmodel</c> on an <c>rma(yi, vi, mods, method = "ML")</c> fit: the random-effects model (or
/// meta-regression) whose studies are observed with a probability w(p; δ) that depends on their one-sided
/// p-value. See <see cref="SelectionModelLikelihood"/> for the likelihood and <see cref="SelectionWeightFunction"/>
/// for the weight functions.
/// </summary>
/// <remarks>
/// <para>β, τ² ≥ 0 and δ (within metafor's bounds) are estimated jointly (there is no REML form), starting
/// from the ordinary ML fit and no selection. Standard errors are the square roots of the diagonal of the
/// inverse of the Hessian of -ℓ in the untransformed (β, τ², δ), parameters fixed by the type or at a
/// bound left out, as metafor takes them from its numerical Hessian.</para>
/// <para>The likelihood-ratio test compares ℓ with ℓ₀ of the ML random-effects model, on as many degrees
/// of freedom as δ are estimated. Estimates at a bound make that test and the standard errors unreliable,
/// as they are in metafor.</para>
/// </remarks>
public static class SelectionModel
{
    /// <summary>Each effect's one-sided p-value in direction <paramref name="alternative"/>, from its sampling variance alone (what selection acts on).</summary>
    public static double[] OneSidedPValues(EffectData data, SelectionAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(data);
        var orientation = alternative == SelectionAlternative.Greater ? 1.0 : -1.0;
        return Enumerable.Range(0, data.K).Select(i => MathNet.Numerics.Distributions.Normal.CDF(0, 1, -orientation * data.Yi[i] / Math.Sqrt(data.Vi[i]))).ToArray();
    }

    /// <summary>
    /// Fits the model to <paramref name="data"/> with weight function <paramref name="weightFunction"/>, p-values in
    /// direction <paramref name="alternative"/> and fixed-effects design <paramref name="design"/> (intercept-only when
    /// null); Wald intervals at <paramref name="level"/>.
    /// </summary>
    public static SelectionModelFit Fit(
        EffectData data,
        SelectionWeightFunction weightFunction,
        SelectionAlternative alternative = SelectionAlternative.Greater,
        DesignMatrix? design = null,
        double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(weightFunction);
        if (!(level > 0 && level < 1))
        {
            throw new InvalidInputException("level", "must lie strictly between 0 and 1");
        }

        design ??= DesignMatrix.InterceptOnly(data.K);
        var likelihood = new SelectionModelLikelihood(data, weightFunction, alternative, design);
        (weightFunction as StepWeightFunction)?.RequireEveryIntervalObserved(likelihood.PValues);
        Guard.AtLeast(data.K, likelihood.ParameterCount + 1, "yi", $"the {weightFunction.Type} selection model with {likelihood.ParameterCount} parameters");

        var ordinary = RandomEffectsModel.Fit(data, design, new RandomEffectsOptions { Method = "ML" });
        var meanVariance = data.Vi.Average();

        // τ² starts inside its range even when the ordinary fit puts it at 0; the search may return it there.
        var start = likelihood.Parameters(ordinary.Beta, Math.Max(ordinary.Tau2, 0.1 * meanVariance), weightFunction.InitialDeltas());
        var (lower, upper) = Bounds(likelihood);
        var (estimate, atBound, iterations) = SelectionModelMaximizer.Maximize(likelihood.Evaluate, start, lower, upper, meanVariance);
        var logLikelihood = likelihood.Evaluate(estimate);

        var standardErrors = HessianStandardErrors.Compute(likelihood.Evaluate, estimate, atBound, out var covariance);
        var deltas = likelihood.Deltas(estimate);
        var (coefficients, deltaSe) = SelectionEstimates.Read(estimate, standardErrors, covariance, design, level, likelihood.FreeDeltas, deltas.Length, likelihood.Tau2Index + 1);

        var ordinaryLogLikelihood = ordinary.MaximumLikelihoodStatistics.LogLikelihood;
        var ratio = 2 * (logLikelihood - ordinaryLogLikelihood);
        var df = weightFunction.FreeDeltaCount;
        return new SelectionModelFit(
            weightFunction,
            alternative,
            coefficients,
            estimate[likelihood.Tau2Index],
            standardErrors[likelihood.Tau2Index],
            deltas,
            deltaSe,
            logLikelihood,
            ordinaryLogLikelihood,
            ratio,
            df,
            TailProbabilities.UpperChiSquared(ratio, df),
            iterations);
    }

    private static (double[] Lower, double[] Upper) Bounds(SelectionModelLikelihood likelihood)
    {
        var n = likelihood.ParameterCount;
        var lower = Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        lower[likelihood.Tau2Index] = 0;
        for (var f = 0; f < likelihood.FreeDeltas.Count; f++)
        {
            lower[likelihood.Tau2Index + 1 + f] = likelihood.WeightFunction.LowerBound(likelihood.FreeDeltas[f]);
            upper[likelihood.Tau2Index + 1 + f] = likelihood.WeightFunction.UpperBound(likelihood.FreeDeltas[f]);
        }

        return (lower, upper);
    }
}
