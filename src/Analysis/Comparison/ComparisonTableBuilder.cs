using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;

namespace MetaAnalysis.Analysis.Comparison;

/// <summary>
/// The model comparison table of a finished batch, from the figures each fit reported: the server builds
/// it when a batch's last job ends, a local run when its last model is fitted.
/// </summary>
/// <remarks>
/// Over the models that report a log marginal likelihood ℓ_m: the reference is the model with the largest
/// ℓ, log BF_m = ℓ_m − ℓ_ref, and the posterior model probabilities under equal prior probabilities come
/// from <see cref="PosteriorModelProbabilities"/>. ELPD-LOO differences are to the model with the largest
/// ELPD. Frequentist rows carry the log likelihood, AIC, BIC, AICc and ΔAIC (to the smallest AIC). Models
/// without a result (failed, cancelled) keep a row marked missing. The notes say what the reader must keep
/// in mind: REML likelihoods compare only models with the same fixed effects; marginal likelihoods depend
/// on every prior.
/// </remarks>
public static class ComparisonTableBuilder
{
    /// <summary>Builds the table, one row per input in order.</summary>
    public static ComparisonTable Build(IReadOnlyList<ComparisonInput> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var table = new ComparisonTable();
        var withMarginal = models.Where(m => m.Result?.Fit?.HasLogMarginalLikelihood == true).ToArray();
        var probabilities = PosteriorModelProbabilities.From(withMarginal.Select(m => m.Result!.Fit.LogMarginalLikelihood).ToArray());
        var bestMarginal = withMarginal.Length == 0 ? null : withMarginal.MaxBy(m => m.Result!.Fit.LogMarginalLikelihood);
        var withLoo = models.Where(m => m.Result?.Fit?.HasElpdLoo == true).ToArray();
        var bestLoo = withLoo.Length == 0 ? (double?)null : withLoo.Max(m => m.Result!.Fit.ElpdLoo);
        var withAic = models.Where(m => m.Result?.Fit?.HasAic == true).ToArray();
        var bestAic = withAic.Length == 0 ? (double?)null : withAic.Min(m => m.Result!.Fit.Aic);
        table.ReferenceModel = bestMarginal?.Name ?? string.Empty;

        foreach (var model in models)
        {
            var row = new ComparisonRow { Name = model.Name, JobId = model.JobId, Missing = model.Result is null };
            if (model.Result?.Fit is { } fit)
            {
                row.Parameters = fit.Parameters;
                var marginal = Array.IndexOf(withMarginal, model);
                if (marginal >= 0)
                {
                    row.LogMarginalLikelihood = fit.LogMarginalLikelihood;
                    row.LogBayesFactor = fit.LogMarginalLikelihood - bestMarginal!.Result!.Fit.LogMarginalLikelihood;
                    row.PosteriorProbability = probabilities[marginal];
                }

                if (fit.HasElpdLoo && bestLoo is { } best)
                {
                    row.ElpdLoo = fit.ElpdLoo;
                    row.ElpdLooDifference = fit.ElpdLoo - best;
                    if (fit.HasElpdLooSe)
                    {
                        row.ElpdLooSe = fit.ElpdLooSe;
                    }
                }

                if (fit.HasAic && bestAic is { } smallest)
                {
                    row.Aic = fit.Aic;
                    row.DeltaAic = fit.Aic - smallest;
                    row.Restricted = fit.Restricted;
                }

                if (fit.HasBic)
                {
                    row.Bic = fit.Bic;
                }

                if (fit.HasAicc)
                {
                    row.Aicc = fit.Aicc;
                }

                if (fit.HasLogLikelihood)
                {
                    row.LogLikelihood = fit.LogLikelihood;
                }
            }

            table.Rows.Add(row);
        }

        AddNotes(table, models, withAic);
        return table;
    }

    private static void AddNotes(ComparisonTable table, IReadOnlyList<ComparisonInput> models, ComparisonInput[] withAic)
    {
        var restricted = withAic.Where(m => m.Result!.Fit.Restricted).ToArray();
        var designs = restricted.Select(m => string.Join(',', m.Result!.Coefficients.Select(c => c.Name))).Distinct(StringComparer.Ordinal).Count();
        if (restricted.Length > 0 && designs > 1)
        {
            table.Notes.Add("REML likelihoods (and so AIC/BIC) compare only models with the same fixed effects; refit with the ML method to compare moderators or doses by AIC.");
        }

        if (table.Rows.Count(r => r.HasLogMarginalLikelihood) >= 2)
        {
            table.Notes.Add("Marginal likelihoods and Bayes factors depend on the priors, including the priors of coefficients; posterior probabilities assume equal prior probabilities.");
        }

        if (DifferentEffects(models) is { } note)
        {
            table.Notes.Add(note);
        }
    }

    /// <summary>
    /// A note when the compared models were not all fitted to the same effects (each leaves out the effects
    /// missing a value it uses): likelihoods of different data do not compare. Names the models whose
    /// effects differ from those most models used.
    /// </summary>
    private static string? DifferentEffects(IReadOnlyList<ComparisonInput> models)
    {
        var compared = models
            .Where(m => m.Result?.Fit is { } fit && (fit.HasAic || fit.HasLogMarginalLikelihood || fit.HasElpdLoo))
            .Select(m => (m.Name, Left: string.Join(',', m.Result!.Omitted.Select(o => o.Row))))
            .ToArray();
        var sets = compared.GroupBy(m => m.Left, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToArray();
        if (sets.Length < 2)
        {
            return null;
        }

        var differing = sets.Skip(1).SelectMany(g => g).Select(m => m.Name).ToArray();
        var named = string.Join(", ", differing.Take(5)) + (differing.Length > 5 ? $" and {differing.Length - 5} more" : string.Empty);
        return $"Not every model used the same effects (missing values leave out different rows: {named}); likelihoods, information criteria, marginal likelihoods and elpd compare only models fitted to the same effects.";
    }
}
