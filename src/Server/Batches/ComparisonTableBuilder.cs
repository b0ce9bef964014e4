using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Batches;

/// <summary>
/// The model comparison table of a finished batch, from the figures each fit reported.
/// </summary>
/// <remarks>
/// Over the models that report a log marginal likelihood ℓ_m: the reference is the model with the largest
/// ℓ, log BF_m = ℓ_m − ℓ_ref, and with equal prior model probabilities
/// P(m | y) = exp(ℓ_m − ℓ_ref) / Σ_j exp(ℓ_j − ℓ_ref) (shifted by the maximum so that no term overflows).
/// ELPD-LOO differences are to the model with the largest ELPD. AIC and BIC are copied as reported.
/// Models without a result (failed, cancelled) keep a row marked missing.
/// </remarks>
public static class ComparisonTableBuilder
{
    /// <summary>Builds the table, one row per input in order.</summary>
    public static ComparisonTable Build(IReadOnlyList<ComparisonInput> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var table = new ComparisonTable();
        var withMarginal = models.Where(m => m.Result?.Fit?.HasLogMarginalLikelihood == true).ToArray();
        var bestMarginal = withMarginal.Length == 0 ? null : withMarginal.MaxBy(m => m.Result!.Fit.LogMarginalLikelihood);
        var normalizer = bestMarginal is null
            ? 0
            : withMarginal.Sum(m => Math.Exp(m.Result!.Fit.LogMarginalLikelihood - bestMarginal.Result!.Fit.LogMarginalLikelihood));
        var withLoo = models.Where(m => m.Result?.Fit?.HasElpdLoo == true).ToArray();
        var bestLoo = withLoo.Length == 0 ? (double?)null : withLoo.Max(m => m.Result!.Fit.ElpdLoo);
        table.ReferenceModel = bestMarginal?.Name ?? string.Empty;

        foreach (var model in models)
        {
            var row = new ComparisonRow { Name = model.Name, JobId = model.JobId, Missing = model.Result is null };
            var fit = model.Result?.Fit;
            if (fit is not null)
            {
                if (fit.HasLogMarginalLikelihood && bestMarginal is not null)
                {
                    var logBayesFactor = fit.LogMarginalLikelihood - bestMarginal.Result!.Fit.LogMarginalLikelihood;
                    row.LogMarginalLikelihood = fit.LogMarginalLikelihood;
                    row.LogBayesFactor = logBayesFactor;
                    row.PosteriorProbability = Math.Exp(logBayesFactor) / normalizer;
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

                if (fit.HasAic)
                {
                    row.Aic = fit.Aic;
                }

                if (fit.HasBic)
                {
                    row.Bic = fit.Bic;
                }
            }

            table.Rows.Add(row);
        }

        return table;
    }
}
