using System.Globalization;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>The plain-language reading of an <see cref="EnsembleResult"/>, one sentence per finding.</summary>
public static class EnsembleSummaryText
{
    /// <summary>
    /// Sentences on the evidence for the effect, heterogeneity and publication bias (how many times more likely
    /// the data are under the members with than without each), the model-averaged effect, and any warnings.
    /// </summary>
    public static IReadOnlyList<string> Sentences(EnsembleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var sentences = new List<string>
        {
            Evidence(result.Effect, "an effect"),
            Evidence(result.Heterogeneity, "heterogeneity between the effects"),
            Evidence(result.PublicationBias, "publication bias"),
            string.Create(c, $"Averaged over all {result.Members.Count} models, the effect is estimated at {result.Mu.Mean:F3} (95% credible interval {result.Mu.Lower:F3} to {result.Mu.Upper:F3}); in the models that include an effect it is {result.MuConditional.Mean:F3} ({result.MuConditional.Lower:F3} to {result.MuConditional.Upper:F3})."),
        };
        if (result.Warnings.Count > 0)
        {
            sentences.Add(string.Create(c, $"{result.Warnings.Count} check(s) failed; see the warnings before relying on these figures."));
        }

        return sentences;
    }

    private static string Evidence(InclusionBayesFactor inclusion, string what)
    {
        var c = CultureInfo.InvariantCulture;
        if (double.IsNaN(inclusion.LogBayesFactor))
        {
            return string.Create(c, $"The ensemble does not test for {what} (every model has the same assumption about it).");
        }

        var bf = inclusion.BayesFactor;
        var direction = bf >= 1
            ? string.Create(c, $"The data are {bf:G3} times more likely under the models with {what} than under those without")
            : string.Create(c, $"The data are {1 / bf:G3} times more likely under the models without {what} than under those with it");
        return string.Create(c, $"{direction}; its probability moved from {100 * inclusion.PriorProbability:0.#}% before seeing the data to {100 * inclusion.PosteriorProbability:0.0}%.");
    }
}
