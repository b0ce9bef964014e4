namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The evidence for a component (the effect, heterogeneity, publication bias) from an ensemble: the prior
/// and posterior probability of the members that include it and the inclusion Bayes factor, the change
/// from prior to posterior odds: BF = [P(incl | y) / (1 − P(incl | y))] / [P(incl) / (1 − P(incl))].
/// </summary>
/// <param name="Component">"effect", "heterogeneity" or "bias".</param>
/// <param name="PriorProbability">Prior probability of the members with the component.</param>
/// <param name="PosteriorProbability">Their posterior probability.</param>
/// <param name="LogBayesFactor">log of the inclusion Bayes factor (±∞ when the posterior probability is 1 or 0; NaN when the ensemble has no member without, or none with, the component).</param>
public sealed record InclusionBayesFactor(string Component, double PriorProbability, double PosteriorProbability, double LogBayesFactor)
{
    /// <summary>The inclusion Bayes factor.</summary>
    public double BayesFactor => Math.Exp(LogBayesFactor);

    internal static InclusionBayesFactor From(string component, IReadOnlyList<double> prior, IReadOnlyList<double> posterior, IReadOnlyList<bool> included)
    {
        double priorIn = 0, priorOut = 0, posteriorIn = 0, posteriorOut = 0;
        for (var m = 0; m < included.Count; m++)
        {
            if (included[m])
            {
                priorIn += prior[m];
                posteriorIn += posterior[m];
            }
            else
            {
                priorOut += prior[m];
                posteriorOut += posterior[m];
            }
        }

        var logBf = priorIn == 0 || priorOut == 0
            ? double.NaN
            : Math.Log(posteriorIn) - Math.Log(posteriorOut) - (Math.Log(priorIn) - Math.Log(priorOut));
        return new InclusionBayesFactor(component, priorIn / (priorIn + priorOut), posteriorIn / (posteriorIn + posteriorOut), logBf);
    }
}
