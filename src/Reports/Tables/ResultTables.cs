using System.Globalization;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Contracts.V1;
using static MetaAnalysis.Reports.Tables.NumberFormat;

namespace MetaAnalysis.Reports.Tables;

/// <summary>
/// The tables of an <see cref="AnalysisDocument"/> — shared by the terminal output and the HTML report, and
/// the same whether the results were computed here or fetched from the service.
/// </summary>
public static class ResultTables
{
    private static readonly string[] NoCell = ["–"];
    private static readonly string[] DfHeader = ["df"];

    /// <summary>Every table of one model's result, in reading order.</summary>
    public static IReadOnlyList<TextTable> Model(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tables = new List<TextTable>();
        if (result.Coefficients.Count > 0 && result.Influence.Count == 0 && result.Cumulative.Count == 0)
        {
            tables.Add(Coefficients(result));
        }

        if (result.Parameters.Count > 0)
        {
            tables.Add(Posterior(result));
        }

        tables.AddRange(FitResultTables.Of(result));
        var facts = Facts(result);
        if (facts.Count > 0)
        {
            tables.Add(new TextTable("Fit and diagnostics", ["", "value"], facts));
        }

        return tables;
    }

    /// <summary>One line per model: its main estimate, heterogeneity and checks, for a batch's overview.</summary>
    public static TextTable Overview(AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rows = document.Models.Select(m => (IReadOnlyList<string>)
        [
            m.Name,
            m.Result?.Engine ?? "–",
            m.Result is { } result ? Headline(result) : Outcome(m),
            m.Result is { } r ? Heterogeneity(r) : "–",
            m.Result is { } t ? Evidence(t) : "–",
            m.Result is null ? "–" : Checks(m.Result),
        ]).ToArray();
        return new TextTable($"{document.Title}: {document.K} effects in {document.Studies} studies", ["model", "engine", "main estimate (95% interval)", "heterogeneity", "test", "checks"], rows);
    }

    /// <summary>The comparison tables (frequentist, exact Bayesian, PSIS-LOO), those with rows only.</summary>
    public static IReadOnlyList<TextTable> Comparison(ComparisonTable comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var tables = new List<TextTable>();
        var frequentist = comparison.Rows.Where(r => r.HasAic).ToArray();
        if (frequentist.Length > 0)
        {
            tables.Add(new TextTable(
                "Frequentist models (information criteria)",
                ["model", "parameters", "log-likelihood", "AIC", "BIC", "AICc", "ΔAIC", "likelihood"],
                frequentist.Select(r => (IReadOnlyList<string>)
                [
                    r.Name, r.Parameters.ToString(CultureInfo.InvariantCulture), Fixed(Optional(r.HasLogLikelihood, r.LogLikelihood), 2), Fixed(r.Aic, 2), Fixed(Optional(r.HasBic, r.Bic), 2),
                    Fixed(Optional(r.HasAicc, r.Aicc), 2), Fixed(Optional(r.HasDeltaAic, r.DeltaAic), 2), r.Restricted ? "REML" : "ML",
                ]).ToArray()));
        }

        var bayesian = comparison.Rows.Where(r => r.HasLogMarginalLikelihood).ToArray();
        if (bayesian.Length > 0)
        {
            tables.Add(new TextTable(
                "Bayesian models (exact marginal likelihoods)",
                ["model", "log marginal likelihood", "log BF vs best", "posterior probability"],
                bayesian.Select(r => (IReadOnlyList<string>)[r.Name, Fixed(r.LogMarginalLikelihood, 3), Fixed(r.LogBayesFactor, 3), Fixed(r.PosteriorProbability, 4)]).ToArray()));
        }

        var sampled = comparison.Rows.Where(r => r.HasElpdLoo).ToArray();
        if (sampled.Length > 0)
        {
            tables.Add(new TextTable(
                "Sampled models (PSIS-LOO)",
                ["model", "elpd", "SE", "Δelpd"],
                sampled.Select(r => (IReadOnlyList<string>)[r.Name, Fixed(r.ElpdLoo, 2), Fixed(Optional(r.HasElpdLooSe, r.ElpdLooSe), 2), Fixed(Optional(r.HasElpdLooDifference, r.ElpdLooDifference), 2)]).ToArray()));
        }

        return tables;
    }

    /// <summary>A data cell: the number, or NA where it is missing (as R prints it).</summary>
    private static string Value(double value, int decimals) => double.IsNaN(value) ? "NA" : Fixed(value, decimals);

    /// <summary>A level or cluster: the text, or NA where it is missing.</summary>
    private static string Level(string level) => level.Length == 0 ? "NA" : level;

    /// <summary>The data as the request carried it: each effect's label, cluster, yi and vi, moderators, dose and raw columns; NA where a value is missing.</summary>
    public static TextTable Data(AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var data = document.Data;
        var (yi, vi) = document.Effects;
        var imputed = document.Models.Select(m => m.Result?.EffectSizes).FirstOrDefault(t => t is not null)?.ImputedCorrelationRows.ToHashSet() ?? [];
        var columns = new List<(string Header, Func<int, string> Cell)> { ("effect", i => document.Labels[i]) };
        if (data.Clusters.Count > 0)
        {
            columns.Add(("study", i => Level(data.Clusters[i])));
        }

        // The effects first, then what they were computed from: on a narrow screen yi and vi stay in view.
        columns.Add(("yi", i => Value(yi[i], 4)));
        columns.Add(("vi", i => Value(vi[i], 5)));

        foreach (var moderator in data.Moderators)
        {
            columns.Add((moderator.Name, moderator.Continuous is { } continuous ? i => Value(continuous.Values[i], 4) : i => Level(moderator.Categorical.Values[i])));
        }

        if (data.Dose.Count > 0)
        {
            columns.Add(("dose", i => Value(data.Dose[i], 0)));
        }

        if (data.Raw is { } raw)
        {
            foreach (var (name, values) in RawColumns(raw))
            {
                columns.Add((name, i => Value(values[i], 3)));
            }
        }

        if (imputed.Count > 0)
        {
            columns.Add(("r imputed", i => imputed.Contains(i) ? "yes" : string.Empty));
        }

        var rows = Enumerable.Range(0, document.K).Select(i => (IReadOnlyList<string>)columns.Select(c => c.Cell(i)).ToArray()).ToArray();
        var measure = document.Measure is { } m ? $", effect size {m}" : string.Empty;
        return new TextTable($"Data: {document.K} effects in {document.Studies} studies{measure}", columns.Select(c => c.Header).ToArray(), rows);
    }

    /// <summary>The result's headline: the first coefficient or parameter with its interval, the first subgroup, or the checks.</summary>
    public static string Headline(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Coefficients.Count > 0)
        {
            var c = result.Coefficients[0];
            return $"{c.Name} {Fixed(c.Estimate)} {Interval(c.CiLower, c.CiUpper)}";
        }

        if (result.Parameters.Count > 0)
        {
            var p = result.Parameters[0];
            return $"{p.Name} {Fixed(p.Mean)} {Interval(p.Lower, p.Upper)}";
        }

        if (result.Subgroups.Count > 0)
        {
            return $"{result.Subgroups.Count} subgroups";
        }

        if (result.PublicationBias is { Egger: { } egger })
        {
            return $"Egger's test p {PValueClause(egger.PValue)}";
        }

        return result.CorrelationSweep is { } sweep ? $"{sweep.Rows.Count} refits" : $"k = {result.K}";
    }

    /// <summary>"succeeded", "failed: why", ...</summary>
    public static string Outcome(ModelOutcome model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Failure is { } failure ? $"failed: {Failure(failure)}" : State(model.State);
    }

    /// <summary>The state as a word.</summary>
    public static string State(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => "unknown",
    };

    /// <summary>"message (field)".</summary>
    public static string Failure(JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return $"{failure.Message}{(failure.Field.Length > 0 && !failure.Message.StartsWith(failure.Field, StringComparison.Ordinal) ? $" ({failure.Field})" : string.Empty)}";
    }

    private static TextTable Coefficients(FitResult result)
    {
        var t = result.Coefficients.Any(c => c.Df > 0);

        // A permutation test's p-value goes beside the model-based one, in the same row.
        var permutation = result.Permutation is { } test && test.PValues.Count == result.Coefficients.Count ? test : null;
        var rows = result.Coefficients.Select((c, j) => (IReadOnlyList<string>)
        [
            c.Name, Fixed(c.Estimate, 4), Fixed(c.Se, 4), Fixed(c.Statistic, 3), PValue(c.PValue), .. permutation is null ? [] : new[] { PValue(permutation.PValues[j]) }, Interval(c.CiLower, c.CiUpper), .. t ? new[] { Fixed(c.Df, 2) } : [],
        ]).ToList();
        if (result.Prediction is { } prediction)
        {
            rows.Add(["new study", Fixed(prediction.Estimate, 4), "–", "–", "–", .. permutation is null ? [] : NoCell, $"{Interval(prediction.PiLower, prediction.PiUpper)} (prediction interval)", .. t ? NoCell : []]);
        }

        string[] permutationHeader = permutation is null ? [] : [FitResultTables.PermutationHeader(permutation)];
        return new TextTable(WithDoseUnit("Coefficients", result), ["", "estimate", "SE", t ? "t" : "z", "p", .. permutationHeader, "95% CI", .. t ? DfHeader : []], rows);
    }

    /// <summary>A dose-response table's title with what its dose coefficients are per ("Coefficients, dose per 10,000 pulses").</summary>
    private static string WithDoseUnit(string title, FitResult result) =>
        DoseUnit(result) is { } per ? $"{title} (dose per {per})" : title;

    /// <summary>What a dose-response model's dose coefficients are per ("10,000 pulses", "pulse"); null for other models.</summary>
    internal static string? DoseUnit(FitResult result)
    {
        if (result.DoseUnits is not { } units)
        {
            return null;
        }

        var unit = units.Unit.Length > 0 ? units.Unit : "dose units";
        return units.Scale == 1 ? unit : string.Create(CultureInfo.InvariantCulture, $"{units.Scale:#,0.###} {unit}");
    }

    private static TextTable Posterior(FitResult result)
    {
        var sampled = result.Parameters.Any(p => p.HasRhat);
        var hpd = result.Parameters.Any(p => p.HasHpdLower);
        var headers = new List<string> { "", "mean", "sd", "median", "95% CrI" };
        if (hpd)
        {
            headers.Add("95% HPD");
        }

        headers.Add("P(> 0)");
        if (sampled)
        {
            headers.AddRange(["MCSE", "ESS (bulk)", "R-hat"]);
        }

        var rows = result.Parameters.Select(p =>
        {
            // ED50 lies on the dose axis: shown in the dose's own units, not the scaled dose it was fitted on.
            var (name, factor) = p.Name == "ed50" && result.DoseUnits is { } units
                ? ($"ED50 ({(units.Unit.Length > 0 ? units.Unit : "dose units")})", units.Scale)
                : (Parameter(p.Name), 1.0);
            var row = new List<string> { name, Fixed(factor * p.Mean, 4), Fixed(factor * p.Sd, 4), Fixed(factor * p.Median, 4), Interval(factor * p.Lower, factor * p.Upper) };
            if (hpd)
            {
                row.Add(p.HasHpdLower ? Interval(factor * p.HpdLower, factor * p.HpdUpper) : "–");
            }

            row.Add(p.HasProbabilityPositive ? Fixed(p.ProbabilityPositive) : "–");
            if (sampled)
            {
                row.AddRange([p.HasMcseMean ? Fixed(p.McseMean, 4) : "–", p.HasEssBulk ? Whole(p.EssBulk) : "–", p.HasRhat ? Fixed(p.Rhat, 3) : "–"]);
            }

            return (IReadOnlyList<string>)row;
        }).ToArray();
        return new TextTable(WithDoseUnit("Posterior", result), headers, rows);
    }

    /// <summary>A parameter's name as a reader knows it.</summary>
    private static string Parameter(string name) => name switch
    {
        "tau" => "τ",
        "tau2" => "τ²",
        "i2" => "I² (%)",
        "sigma_between" => "σ between studies",
        "sigma_within" => "σ within studies",
        "theta_new" => "new study (predictive)",
        "e0" => "E0 (response at dose 0)",
        "emax" => "Emax (largest change)",
        _ => name,
    };

    private static string Heterogeneity(FitResult result)
    {
        if (result.Heterogeneity is { } h)
        {
            return h.HasTau2 ? $"τ² {Fixed(h.Tau2, 4)}" : h.HasSigma2Between ? $"σ² {Fixed(h.Sigma2Between, 4)} / {Fixed(h.Sigma2Within, 4)}" : "–";
        }

        var scale = result.Parameters.FirstOrDefault(p => p.Name is "tau" or "sigma_between");
        return scale is null ? "–" : $"{Parameter(scale.Name)} {Fixed(scale.Mean, 4)}";
    }

    private static string Evidence(FitResult result)
    {
        if (result.BayesFactors.Count > 0)
        {
            var first = result.BayesFactors[0];
            return $"BF₁₀ {first.Description}: {Scientific(Math.Exp(first.LogBayesFactor))}";
        }

        if (result.SubgroupTest is { } subgroups)
        {
            return $"{subgroups.Name} p {PValueClause(subgroups.PValue)}";
        }

        if (result.ModeratorTest is { } moderators)
        {
            return $"{moderators.Name} p {PValueClause(moderators.PValue)}";
        }

        return result.Coefficients.Count > 0 ? $"p {PValueClause(result.Coefficients[0].PValue)}" : "–";
    }

    private static List<IReadOnlyList<string>> Facts(FitResult result)
    {
        var facts = new List<IReadOnlyList<string>>();
        if (Omitted(result) is { } omitted)
        {
            facts.Add(["effects left out", omitted]);
        }

        if (result.Fit is { } fit)
        {
            if (fit.HasLogLikelihood)
            {
                facts.Add([fit.Restricted ? "log-likelihood (REML)" : "log-likelihood (ML)", Fixed(fit.LogLikelihood, 3)]);
                facts.Add(["AIC / BIC / AICc", $"{Fixed(Optional(fit.HasAic, fit.Aic), 2)} / {Fixed(Optional(fit.HasBic, fit.Bic), 2)} / {Fixed(Optional(fit.HasAicc, fit.Aicc), 2)}"]);
            }

            if (fit.HasLogMarginalLikelihood)
            {
                facts.Add(["log marginal likelihood", Fixed(fit.LogMarginalLikelihood, 4)]);
            }

            if (fit.HasElpdLoo)
            {
                facts.Add(["PSIS-LOO elpd (SE), p_loo", $"{Fixed(fit.ElpdLoo, 2)} ({Fixed(Optional(fit.HasElpdLooSe, fit.ElpdLooSe), 2)}), {Fixed(Optional(fit.HasPLoo, fit.PLoo), 2)}; {(fit.HasHighParetoK ? fit.HighParetoK : 0)} with k̂ > 0.7"]);
            }
        }

        if (result.Diagnostics is { } d)
        {
            if (d.HasIntegrationError)
            {
                facts.Add(["integration error (relative, estimated)", d.IntegrationError.ToString("0.0e+0", CultureInfo.InvariantCulture)]);
            }

            if (d.HasChains)
            {
                facts.Add(["NUTS", $"{d.Chains} chains × {d.DrawsPerChain} draws, seed {d.Seed}"]);
                facts.Add(["divergences / max tree depth hits", $"{d.Divergences} / {d.TreeDepthSaturations}"]);
                facts.Add(["max R-hat / min bulk ESS / min E-BFMI", $"{Fixed(d.MaxRhat, 3)} / {Whole(d.MinEssBulk)} / {(d.EBfmi.Count > 0 ? Fixed(d.EBfmi.Min(), 2) : "–")}"]);
            }

            if (d.HasIterations)
            {
                facts.Add(["iterations", d.Iterations.ToString(CultureInfo.InvariantCulture)]);
            }

            facts.AddRange(d.Notes.Select(n => (IReadOnlyList<string>)["note", n]));
        }

        facts.AddRange(result.Warnings.Select(w => (IReadOnlyList<string>)["warning", w]));
        return facts;
    }

    /// <summary>
    /// The effects a model left out for a missing value, as one line: how many, and each one's label with the
    /// value it misses (the first <see cref="OmittedListed"/>); null when it left none out.
    /// </summary>
    public static string? Omitted(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Omitted.Count == 0)
        {
            return null;
        }

        var listed = string.Join(", ", result.Omitted.Take(OmittedListed).Select(o => $"{o.Label} ({o.Missing})"));
        var more = result.Omitted.Count > OmittedListed ? string.Create(CultureInfo.InvariantCulture, $" and {result.Omitted.Count - OmittedListed} more") : string.Empty;
        var effects = result.Omitted.Count == 1 ? "effect" : "effects";
        return string.Create(CultureInfo.InvariantCulture, $"{result.Omitted.Count} {effects} with a missing value, k = {result.K} used: {listed}{more}");
    }

    /// <summary>How many omitted effects <see cref="Omitted"/> names one by one.</summary>
    public const int OmittedListed = 20;

    /// <summary>The overview's checks: warnings and effects left out, or "ok".</summary>
    private static string Checks(FitResult result)
    {
        var checks = new List<string>();
        if (result.Warnings.Count > 0)
        {
            checks.Add(string.Create(CultureInfo.InvariantCulture, $"{result.Warnings.Count} warning(s)"));
        }

        if (result.Omitted.Count > 0)
        {
            checks.Add(string.Create(CultureInfo.InvariantCulture, $"{result.Omitted.Count} left out (missing)"));
        }

        return checks.Count == 0 ? "ok" : string.Join("; ", checks);
    }

    private static IEnumerable<(string Name, IReadOnlyList<double> Values)> RawColumns(RawColumns raw)
    {
        (string, IReadOnlyList<double>)[] all =
        [
            ("ai", raw.Ai), ("bi", raw.Bi), ("ci", raw.Ci), ("di", raw.Di), ("n1i", raw.N1I), ("n2i", raw.N2I), ("m1i", raw.M1I), ("m2i", raw.M2I),
            ("sd1i", raw.Sd1I), ("sd2i", raw.Sd2I), ("ni", raw.Ni), ("ri", raw.Ri), ("xi", raw.Xi),
        ];
        return all.Where(c => c.Item2.Count > 0);
    }

    private static double? Optional(bool has, double value) => has ? value : null;
}
