using System.Globalization;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// The widely applicable information criterion (Watanabe 2010), in the elpd form of Vehtari, Gelman and
/// Gabry (2017): elpd_waic = Σᵢ (lpdᵢ - p_waic,i), lpdᵢ = log mean p(yᵢ | θₛ), p_waic,i = var_s log p(yᵢ | θₛ).
/// </summary>
/// <remarks>A p_waic,i above 0.4 marks WAIC as unreliable for that observation; PSIS-LOO is preferred then.</remarks>
public static class Waic
{
    /// <summary>WAIC of a run of a model that gives pointwise log likelihoods.</summary>
    public static InformationCriterion Compute(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Chains[0].ObservationCount == 0)
        {
            throw new InvalidOperationException("the model gives no pointwise log likelihood, so WAIC cannot be computed");
        }

        return Compute(LeaveOneOut.PointwiseByChain(result).Select(DrawMatrix.Pool).ToArray());
    }

    /// <summary>WAIC from log likelihoods laid out [observation][draw].</summary>
    public static InformationCriterion Compute(IReadOnlyList<double[]> logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        var n = logLikelihood.Count;
        var pointwise = new double[n];
        var effective = new double[n];
        for (var i = 0; i < n; i++)
        {
            effective[i] = DrawMatrix.Variance(logLikelihood[i]);
            pointwise[i] = InformationCriterion.LogMeanExp(logLikelihood[i]) - effective[i];
        }

        var bad = effective.Count(v => v > 0.4);
        var warnings = new List<string>();
        if (bad > 0)
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture,
                "{0} of {1} observations have an effective number of parameters above 0.4: WAIC is unreliable for them; use PSIS-LOO.",
                bad, n));
        }

        return new InformationCriterion(pointwise.Sum(), InformationCriterion.SumStandardError(pointwise), effective.Sum(), pointwise, [], warnings);
    }
}
