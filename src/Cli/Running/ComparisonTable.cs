using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Bayesian.Exact;

namespace MetaAnalysis.Cli.Running;

/// <summary>
/// Compares a batch's models within each engine: AIC and BIC for frequentist fits, marginal likelihoods,
/// Bayes factors and posterior model probabilities for exact fits with proper priors, PSIS-LOO for sampled
/// fits. Only models fitted to every effect of the batch take part.
/// </summary>
public static class ComparisonTable
{
    /// <summary>Builds the comparison of <paramref name="models"/> fitted to <paramref name="k"/> effects.</summary>
    public static ComparisonResult Create(IReadOnlyList<ModelResult> models, int k)
    {
        ArgumentNullException.ThrowIfNull(models);
        var notes = new List<string>();
        var frequentist = models.Where(m => m.Fit is not null && m.K == k).ToArray();
        var minAic = frequentist.Length == 0 ? 0 : frequentist.Min(m => m.Fit!.Aic);
        var frequentistRows = frequentist
            .Select(m => new FrequentistComparisonRow(m.Name, m.Fit!.ParameterCount, m.Fit.LogLikelihood, m.Fit.Aic, m.Fit.Bic, m.Fit.Aicc, m.Fit.Aic - minAic, m.Fit.Restricted))
            .ToArray();
        if (frequentist.Any(m => m.Fit!.Restricted) && frequentist.Select(m => string.Join(',', m.Coefficients.Select(c => c.Name))).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            notes.Add("REML likelihoods (and so AIC/BIC) compare only models with the same fixed effects; refit with method: ML to compare moderators or doses by AIC.");
        }

        var exact = models.Where(m => m.Fits.Exact is not null && m.LogMarginalLikelihood is not null && m.K == k).ToArray();
        var bayesianRows = Array.Empty<BayesianComparisonRow>();
        if (exact.Length >= 2)
        {
            var comparison = ModelComparison.Create(exact.Select(m => new ComparedModel(m.Name, m.Fits.Exact!)).ToArray());
            bayesianRows = comparison.Rows.Select(r => new BayesianComparisonRow(r.Name, r.LogMarginalLikelihood, r.LogBayesFactorToBest, r.PosteriorProbability)).ToArray();
            notes.Add("Marginal likelihoods and Bayes factors depend on the priors, including the priors of coefficients; posterior probabilities assume equal prior probabilities.");
        }

        var sampled = models.Where(m => m.Loo is not null && m.K == k).ToArray();
        var bestElpd = sampled.Length == 0 ? 0 : sampled.Max(m => m.Loo!.Elpd);
        var looRows = sampled.Select(m => new LooComparisonRow(m.Name, m.Loo!.Elpd, m.Loo.ElpdSe, m.Loo.Elpd - bestElpd)).ToArray();
        return new ComparisonResult(frequentistRows, bayesianRows, looRows, notes);
    }
}
