using System.Globalization;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// Approximate leave-one-out cross-validation by Pareto smoothed importance sampling (PSIS-LOO): each
/// observation's predictive density given all the others, from one fit.
/// </summary>
/// <remarks>
/// With draws s and importance ratios rₛ ∝ 1 / p(yᵢ | θₛ), smoothed to normalized weights wₛ:
/// elpd_loo,i = log Σₛ wₛ p(yᵢ | θₛ); p_loo = Σᵢ (lpdᵢ - elpd_loo,i) with lpdᵢ = log mean p(yᵢ | θₛ).
/// The relative efficiency of each observation's likelihood draws (ESS/S, from the chains) sets the
/// tail length.
/// </remarks>
public static class LeaveOneOut
{
    /// <summary>PSIS-LOO of a run of a model that gives pointwise log likelihoods.</summary>
    public static InformationCriterion Compute(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var observations = result.Chains[0].ObservationCount;
        if (observations == 0)
        {
            throw new InvalidOperationException("the model gives no pointwise log likelihood, so leave-one-out cannot be computed");
        }

        var byObservation = PointwiseByChain(result);
        var relativeEfficiency = byObservation
            .Select(chains => EffectiveSampleSize.Basic(DrawMatrix.Map(chains, Math.Exp)) / (chains.Length * chains[0].Length))
            .Select(r => double.IsFinite(r) && r > 0 ? r : 1)
            .ToArray();
        return Compute(byObservation.Select(DrawMatrix.Pool).ToArray(), relativeEfficiency);
    }

    /// <summary>PSIS-LOO from log likelihoods laid out [observation][draw], with optional relative efficiencies.</summary>
    public static InformationCriterion Compute(IReadOnlyList<double[]> logLikelihood, IReadOnlyList<double>? relativeEfficiency = null)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        var n = logLikelihood.Count;
        var pointwise = new double[n];
        var k = new double[n];
        var effectiveParameters = 0.0;
        for (var i = 0; i < n; i++)
        {
            var draws = logLikelihood[i];
            var smoothed = ParetoSmoothedImportanceSampling.Smooth(draws.Select(l => -l).ToArray(), relativeEfficiency?[i] ?? 1);
            k[i] = smoothed.ParetoK;
            var terms = new double[draws.Length];
            for (var s = 0; s < draws.Length; s++)
            {
                terms[s] = smoothed.LogWeights[s] + draws[s];
            }

            // Σ wₛ p = exp(logsumexp(log w + log p)); LogMeanExp divides by S, so add log S back.
            pointwise[i] = InformationCriterion.LogMeanExp(terms) + Math.Log(draws.Length);
            effectiveParameters += InformationCriterion.LogMeanExp(draws) - pointwise[i];
        }

        var threshold = ParetoSmoothedImportanceSampling.KThreshold(logLikelihood[0].Length);
        var bad = k.Count(v => !(v <= threshold));
        var warnings = new List<string>();
        if (bad > 0)
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "{0} of {1} observations have a Pareto k above {2:0.##}: leaving them out changes the posterior too much for importance sampling, so their leave-one-out estimates (and the total) are unreliable. Refit without them (exact LOO) or use K-fold cross-validation.",
                bad, n, threshold));
        }

        return new InformationCriterion(pointwise.Sum(), InformationCriterion.SumStandardError(pointwise), effectiveParameters, pointwise, k, warnings);
    }

    /// <summary>The pointwise log likelihood laid out [observation][chain][draw].</summary>
    internal static double[][][] PointwiseByChain(SamplingResult result)
    {
        var observations = result.Chains[0].ObservationCount;
        var byObservation = new double[observations][][];
        for (var i = 0; i < observations; i++)
        {
            byObservation[i] = new double[result.Chains.Count][];
            for (var c = 0; c < result.Chains.Count; c++)
            {
                var chain = result.Chains[c];
                var column = new double[chain.DrawCount];
                for (var d = 0; d < chain.DrawCount; d++)
                {
                    column[d] = chain.PointwiseLogLikelihood(d)[i];
                }

                byObservation[i][c] = column;
            }
        }

        return byObservation;
    }
}
