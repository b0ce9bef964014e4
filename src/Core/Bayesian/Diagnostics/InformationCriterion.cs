namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// An estimate of the expected log pointwise predictive density (elpd) for new data, from PSIS-LOO or
/// WAIC: higher is better; differences between models are judged against their standard errors.
/// </summary>
/// <param name="Elpd">Estimated elpd.</param>
/// <param name="ElpdSe">Its standard error, √(n var(pointwise)).</param>
/// <param name="EffectiveParameters">p_loo or p_waic: the effective number of parameters.</param>
/// <param name="Pointwise">elpd of each observation.</param>
/// <param name="ParetoK">k̂ of each observation (PSIS-LOO only; empty for WAIC).</param>
/// <param name="Warnings">Plain-words warnings (unreliable observations).</param>
public sealed record InformationCriterion(
    double Elpd,
    double ElpdSe,
    double EffectiveParameters,
    IReadOnlyList<double> Pointwise,
    IReadOnlyList<double> ParetoK,
    IReadOnlyList<string> Warnings)
{
    /// <summary>On the deviance scale, -2 elpd (LOOIC or WAIC).</summary>
    public double InformationCriterionValue => -2 * Elpd;

    /// <summary>The standard error of a sum of pointwise values.</summary>
    internal static double SumStandardError(IReadOnlyList<double> pointwise) =>
        Math.Sqrt(pointwise.Count * DrawMatrix.Variance(pointwise.ToArray()));

    /// <summary>log((1/S) Σ exp(values)), computed stably.</summary>
    internal static double LogMeanExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum / values.Length);
    }
}
