using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// Selection models for effects nested in studies, fitted by maximum likelihood, which metafor's
/// <c>selmodel</c> refuses on <c>rma.mv</c> fits. Each effect is reported with probability w(p; δ) of its own
/// one-sided p-value, given its study's random effect; the model and its assumptions are in
/// <see cref="ThreeLevelSelectionLikelihood"/>. Selection given the study effect is not selection on the
/// marginal distribution, so with one effect per study this is not <see cref="SelectionModel"/>'s model
/// (whose selection acts on vᵢ + τ²); the simulation in docs/selection-models.md checks what it recovers.
/// </summary>
/// <remarks>
/// Estimation, bounds and standard errors are as <see cref="SelectionModel"/>'s: β, both variances ≥ 0 and δ
/// jointly, starting from the three-level ML fit and no selection; standard errors from the inverse of the
/// Hessian of -ℓ in the untransformed parameters; the likelihood-ratio test against the three-level ML fit.
/// </remarks>
public static class ThreeLevelSelectionModel
{
    /// <summary>Fits the model to <paramref name="data"/> grouped by <paramref name="clusters"/>.</summary>
    public static ThreeLevelSelectionModelFit Fit(
        EffectData data,
        EffectClusters clusters,
        SelectionWeightFunction weightFunction,
        SelectionAlternative alternative = SelectionAlternative.Greater,
        DesignMatrix? design = null,
        double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(weightFunction);
        Guard.Level(level, "level");
        design ??= DesignMatrix.InterceptOnly(data.K);
        var likelihood = new ThreeLevelSelectionLikelihood(data, clusters, weightFunction, alternative, design);
        (weightFunction as StepWeightFunction)?.RequireEveryIntervalObserved(SelectionModel.OneSidedPValues(data, alternative));
        Guard.AtLeast(data.K, likelihood.ParameterCount + 1, "yi", $"the three-level {weightFunction.Type} selection model with {likelihood.ParameterCount} parameters");

        var ordinary = ThreeLevelModel.Fit(data, clusters, design, new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));
        var meanVariance = data.Vi.Average();
        var start = new double[likelihood.ParameterCount];
        for (var j = 0; j < likelihood.CoefficientCount; j++)
        {
            start[j] = ordinary.Beta[j];
        }

        // The variances start inside their range even when the ordinary fit puts one at 0; the search may return it there.
        start[likelihood.BetweenIndex] = Math.Max(ordinary.Sigma2Between, 0.1 * meanVariance);
        start[likelihood.WithinIndex] = Math.Max(ordinary.Sigma2Within, 0.1 * meanVariance);
        var initial = weightFunction.InitialDeltas();
        var lower = Enumerable.Repeat(double.NegativeInfinity, start.Length).ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, start.Length).ToArray();
        lower[likelihood.BetweenIndex] = lower[likelihood.WithinIndex] = 0;
        for (var f = 0; f < likelihood.FreeDeltas.Count; f++)
        {
            var d = likelihood.FreeDeltas[f];
            start[likelihood.CoefficientCount + 2 + f] = initial[d];
            lower[likelihood.CoefficientCount + 2 + f] = weightFunction.LowerBound(d);
            upper[likelihood.CoefficientCount + 2 + f] = weightFunction.UpperBound(d);
        }

        var (estimate, atBound, iterations) = SelectionModelMaximizer.Maximize(likelihood.Evaluate, start, lower, upper, meanVariance);
        var scratch = new double[estimate.Length];
        var logLikelihood = likelihood.Evaluate(estimate, scratch);
        var standardErrors = HessianStandardErrors.Compute(likelihood.Evaluate, estimate, atBound, out var covariance);
        var deltas = likelihood.Deltas(estimate);
        var (coefficients, deltaSe) = SelectionEstimates.Read(estimate, standardErrors, covariance, design, level, likelihood.FreeDeltas, deltas.Length, likelihood.WithinIndex + 1);

        var ordinaryLogLikelihood = ordinary.Statistics.LogLikelihood;
        var ratio = 2 * (logLikelihood - ordinaryLogLikelihood);
        var df = weightFunction.FreeDeltaCount;
        return new ThreeLevelSelectionModelFit(
            weightFunction,
            alternative,
            coefficients,
            estimate[likelihood.BetweenIndex],
            standardErrors[likelihood.BetweenIndex],
            estimate[likelihood.WithinIndex],
            standardErrors[likelihood.WithinIndex],
            deltas,
            deltaSe,
            logLikelihood,
            ordinaryLogLikelihood,
            ratio,
            df,
            TailProbabilities.UpperChiSquared(Math.Max(ratio, 0), df),
            iterations);
    }
}
