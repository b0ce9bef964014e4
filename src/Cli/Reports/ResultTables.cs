using System.Globalization;
using MetaAnalysis.Cli.Results;
using static MetaAnalysis.Cli.Reports.NumberFormat;

namespace MetaAnalysis.Cli.Reports;

/// <summary>The tables of a batch's results, shared by the terminal output and the HTML report.</summary>
public static class ResultTables
{
    /// <summary>Every table of one model, in reading order.</summary>
    public static IReadOnlyList<TextTable> Model(ModelResult model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tables = new List<TextTable>();
        var bayesian = model.Plan.IsBayesian;
        var sampled = model.Sampler is not null;
        if (model.Coefficients.Count > 0)
        {
            tables.Add(Estimates("Coefficients", [.. model.Coefficients, .. model.Prediction is null ? [] : new[] { model.Prediction }], bayesian, sampled, predictionRow: model.Prediction is not null));
        }

        if (model.Heterogeneity.Count > 0)
        {
            tables.Add(Estimates("Heterogeneity", model.Heterogeneity, bayesian, sampled, predictionRow: false));
        }

        if (model.Subgroups.Count > 0)
        {
            var title = model.SubgroupTest is { } test
                ? $"Subgroups: {test.Description} = {Fixed(test.Statistic, 2)}, df = {test.DegreesOfFreedom}, p = {PValue(test.PValue)}"
                : "Subgroups";
            tables.Add(new TextTable(
                title,
                ["subgroup", "k", bayesian ? "mean" : "estimate", bayesian ? "sd" : "SE", bayesian ? "95% CrI" : "95% CI", bayesian ? "P(> 0)" : "p", "τ²"],
                model.Subgroups.Select(g => (IReadOnlyList<string>)
                [
                    g.Level, g.K.ToString(CultureInfo.InvariantCulture), Fixed(g.Estimate.Estimate), Fixed(g.Estimate.Spread),
                    Interval(g.Estimate.Lower, g.Estimate.Upper), bayesian ? Fixed(g.Estimate.ProbabilityPositive) : PValue(g.Estimate.PValue), Fixed(g.Tau2, 4),
                ]).ToArray()));
        }

        var facts = Facts(model);
        if (facts.Count > 0)
        {
            tables.Add(new TextTable("Fit and diagnostics", ["", "value"], facts));
        }

        return tables;
    }

    /// <summary>One line per model: its main estimate and heterogeneity, for a batch's overview.</summary>
    public static TextTable Overview(BatchResult batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch.Models.Select(m =>
        {
            var main = m.Coefficients.Count > 0 ? m.Coefficients[0] : null;
            var spread = m.Heterogeneity.Count > 0 ? m.Heterogeneity[0] : null;
            return (IReadOnlyList<string>)
            [
                m.Name,
                m.Plan.Engine.ToString().ToLowerInvariant(),
                main is null ? $"{m.Subgroups.Count} subgroups" : $"{main.Name} {Fixed(main.Estimate)} {Interval(main.Lower, main.Upper)}",
                spread is null ? "–" : $"{spread.Name} {Fixed(spread.Estimate, 4)}",
                m.BayesFactors.Count > 0 ? $"BF₁₀ {m.BayesFactors[0].Hypothesis}: {Scientific(m.BayesFactors[0].Value)}" : main?.PValue is { } p ? $"p = {PValue(p)}" : "–",
                m.Warnings.Count == 0 ? "ok" : $"{m.Warnings.Count} warning(s)",
            ];
        }).ToArray();
        return new TextTable($"{batch.Title}: {batch.K} effects in {batch.Studies} studies", ["model", "engine", "first coefficient (95% interval)", "heterogeneity", "test", "checks"], rows);
    }

    /// <summary>The comparison tables (frequentist, exact Bayesian, PSIS-LOO), those with rows only.</summary>
    public static IReadOnlyList<TextTable> Comparison(ComparisonResult comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var tables = new List<TextTable>();
        if (comparison.Frequentist.Count > 0)
        {
            tables.Add(new TextTable(
                "Frequentist models (information criteria)",
                ["model", "parameters", "log-likelihood", "AIC", "BIC", "AICc", "ΔAIC", "likelihood"],
                comparison.Frequentist.Select(r => (IReadOnlyList<string>)
                [
                    r.Model, r.Parameters.ToString(CultureInfo.InvariantCulture), Fixed(r.LogLikelihood, 2), Fixed(r.Aic, 2), Fixed(r.Bic, 2), Fixed(r.Aicc, 2), Fixed(r.DeltaAic, 2), r.Restricted ? "REML" : "ML",
                ]).ToArray()));
        }

        if (comparison.Bayesian.Count > 0)
        {
            tables.Add(new TextTable(
                "Bayesian models (exact marginal likelihoods)",
                ["model", "log marginal likelihood", "log BF vs best", "posterior probability"],
                comparison.Bayesian.Select(r => (IReadOnlyList<string>)[r.Model, Fixed(r.LogMarginalLikelihood, 3), Fixed(r.LogBayesFactorToBest, 3), Fixed(r.PosteriorProbability, 4)]).ToArray()));
        }

        if (comparison.Loo.Count > 0)
        {
            tables.Add(new TextTable(
                "Sampled models (PSIS-LOO)",
                ["model", "elpd", "SE", "Δelpd"],
                comparison.Loo.Select(r => (IReadOnlyList<string>)[r.Model, Fixed(r.Elpd, 2), Fixed(r.ElpdSe, 2), Fixed(r.ElpdDifference, 2)]).ToArray()));
        }

        return tables;
    }

    /// <summary>The publication-bias checks as one table.</summary>
    public static TextTable PublicationBias(PublicationBiasResult bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        var rows = new List<IReadOnlyList<string>>();
        if (bias.Egger is { } egger)
        {
            rows.Add(["Egger's regression test (mixed-effects, on the SE)", $"z = {Fixed(egger.Statistic)}", PValue(egger.PValue), $"limit estimate (SE → 0) {Fixed(egger.LimitEstimate)}"]);
        }

        if (bias.Begg is { } begg)
        {
            rows.Add(["Begg's rank correlation", $"Kendall's τ = {Fixed(begg.KendallTau)}", PValue(begg.PValue), begg.IsExact ? "exact p-value" : "normal approximation"]);
        }

        foreach (var fill in new[] { bias.TrimAndFill, bias.ThreeLevelTrimAndFill })
        {
            if (fill is not null)
            {
                rows.Add([$"Trim-and-fill (L0), {fill.Model}", $"{fill.Missing} missing on the {fill.Side}", PValue(fill.Adjusted.PValue), $"adjusted {Fixed(fill.Adjusted.Estimate)} {Interval(fill.Adjusted.Lower, fill.Adjusted.Upper)}"]);
            }
        }

        foreach (var n in bias.FailSafeN)
        {
            rows.Add([$"Fail-safe N ({n.Method})", Whole(n.Number), n.Method == "Rosenthal" ? PValue(n.PValue) : "–", $"target {Fixed(n.Target)}"]);
        }

        return new TextTable("Publication bias", ["check", "result", "p", "note"], rows);
    }

    /// <summary>The correlation sweep: one row per correlation, one column per model.</summary>
    public static TextTable Sensitivity(SensitivityResult sensitivity)
    {
        ArgumentNullException.ThrowIfNull(sensitivity);
        var models = sensitivity.Rows.Select(r => r.Model).Distinct().ToArray();
        var rows = sensitivity.Rows.GroupBy(r => r.AssumedCorrelation).Select(g => (IReadOnlyList<string>)
        [
            Fixed(g.Key, 2),
            .. models.Select(m => g.FirstOrDefault(r => r.Model == m) is { } row ? $"{Fixed(row.Estimate.Estimate)} {Interval(row.Estimate.Lower, row.Estimate.Upper)}" : "–"),
        ]).ToArray();
        return new TextTable($"Sensitivity to the assumed pre/post correlation ({sensitivity.ImputedEffects} effects imputed)", ["r", .. models], rows);
    }

    /// <summary>The data: the table's columns with the computed yi and vi.</summary>
    public static TextTable Data(BatchResult batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var table = batch.Data.Table;
        var columns = table.Columns.ToArray();
        var cells = columns.Select(table.Text).ToArray();
        var effects = batch.Data.Effects;
        var imputed = batch.Data.ImputedRows.ToHashSet();
        var rows = Enumerable.Range(0, effects.K).Select(i => (IReadOnlyList<string>)
        [
            .. cells.Select(c => c[i]),
            Fixed(effects.Yi[i], 4),
            Fixed(effects.Vi[i], 5),
            imputed.Contains(i) ? "yes" : string.Empty,
        ]).ToArray();
        return new TextTable($"Data ({table.Source}): {effects.K} effects", [.. columns, "yi", "vi", "r imputed"], rows);
    }

    private static TextTable Estimates(string title, IReadOnlyList<EstimateRow> rows, bool bayesian, bool sampled, bool predictionRow)
    {
        var headers = bayesian
            ? new List<string> { "", "mean", "sd", "95% CrI", "P(> 0)" }
            : ["", "estimate", "SE", "95% CI", "p"];
        if (sampled)
        {
            headers.AddRange(["MCSE", "ESS (bulk)", "R-hat"]);
        }

        var cells = rows.Select((r, index) =>
        {
            var isPrediction = predictionRow && index == rows.Count - 1;
            var interval = isPrediction ? $"{Interval(r.Lower, r.Upper)} ({(bayesian ? "predictive" : "prediction interval")})" : Interval(r.Lower, r.Upper);
            var row = new List<string> { r.Name, Fixed(r.Estimate, 4), Fixed(r.Spread, 4), interval, bayesian ? Fixed(r.ProbabilityPositive) : PValue(r.PValue) };
            if (sampled)
            {
                row.AddRange([Fixed(r.Mcse, 4), r.EssBulk is { } ess ? Whole(ess) : "–", Fixed(r.Rhat, 3)]);
            }

            return (IReadOnlyList<string>)row;
        }).ToArray();
        return new TextTable(title, headers, cells);
    }

    private static List<IReadOnlyList<string>> Facts(ModelResult model)
    {
        var facts = new List<IReadOnlyList<string>>();
        if (model.Fit is { } fit)
        {
            facts.Add(["Q (residual heterogeneity)", $"{Fixed(fit.Q, 2)} on {fit.QDegreesOfFreedom} df, p = {PValue(fit.QPValue)}"]);
            facts.Add([fit.Restricted ? "log-likelihood (REML)" : "log-likelihood (ML)", Fixed(fit.LogLikelihood, 3)]);
            facts.Add(["AIC / BIC / AICc", $"{Fixed(fit.Aic, 2)} / {Fixed(fit.Bic, 2)} / {Fixed(fit.Aicc, 2)}"]);
        }

        if (model.LogMarginalLikelihood is { } logMl)
        {
            facts.Add(["log marginal likelihood", Fixed(logMl, 4)]);
        }

        foreach (var bf in model.BayesFactors)
        {
            facts.Add([$"Bayes factor: {bf.Hypothesis}", $"BF₁₀ = {Scientific(bf.Value)} (log {Fixed(bf.LogBayesFactor, 3)})"]);
        }

        if (model.IntegrationError is { } error)
        {
            facts.Add(["integration error (relative, estimated)", error.ToString("0.0e+0", CultureInfo.InvariantCulture)]);
        }

        if (model.Sampler is { } s)
        {
            facts.Add(["NUTS", $"{s.Chains} chains × {s.DrawsPerChain} draws, seed {s.Seed}, {Fixed(s.Seconds, 1)} s"]);
            facts.Add(["divergences / max tree depth hits", $"{s.Divergences} / {s.SaturatedTreeDepth}"]);
            facts.Add(["max R-hat / min bulk ESS / min E-BFMI", $"{Fixed(s.MaxRhat, 3)} / {Whole(s.MinEssBulk)} / {Fixed(s.MinEbfmi, 2)}"]);
        }

        if (model.Loo is { } loo)
        {
            facts.Add(["PSIS-LOO elpd (SE), p_loo", $"{Fixed(loo.Elpd, 2)} ({Fixed(loo.ElpdSe, 2)}), {Fixed(loo.EffectiveParameters, 2)}; {loo.HighParetoK} with k̂ > 0.7"]);
        }

        foreach (var warning in model.Warnings)
        {
            facts.Add(["warning", warning]);
        }

        return facts;
    }

    private static string Scientific(double value) =>
        value is >= 0.01 and < 1000 ? Fixed(value, 3) : value.ToString("0.00e+0", CultureInfo.InvariantCulture);
}
