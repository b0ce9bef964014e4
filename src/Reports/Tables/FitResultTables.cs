using System.Globalization;
using MetaAnalysis.Contracts.V1;
using static MetaAnalysis.Reports.Tables.NumberFormat;

namespace MetaAnalysis.Reports.Tables;

/// <summary>
/// The typed parts of a <see cref="FitResult"/> — heterogeneity, tests, prediction, subgroups, Bayes
/// factors, publication-bias checks, the correlation sweep, influence and cumulative analyses — as tables
/// with human labels (τ², I², Q_E, QM), never the contract's field names.
/// </summary>
public static class FitResultTables
{
    /// <summary>Every table of the result's typed parts that it has, in reading order.</summary>
    public static IReadOnlyList<TextTable> Of(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tables = new List<TextTable>();
        var facts = Heterogeneity(result);
        if (facts.Count > 0)
        {
            tables.Add(new TextTable("Heterogeneity and tests", ["", "value"], facts));
        }

        if (result.Scale is { } scale)
        {
            tables.Add(new TextTable(
                $"Scale coefficients (log τ²): {Test(scale.Test)}",
                ["", "estimate", "SE", "z", "p", "95% CI"],
                scale.Coefficients.Select(c => (IReadOnlyList<string>)[c.Name, Fixed(c.Estimate, 4), Fixed(c.Se, 4), Fixed(c.Statistic, 3), PValue(c.PValue), Interval(c.CiLower, c.CiUpper)]).ToArray()));
        }

        if (result.Subgroups.Count > 0)
        {
            var title = result.SubgroupTest is { } test ? $"Subgroups: {test.Description}: {Test(test)}" : "Subgroups";
            var bayesian = result.Subgroups.Any(s => s.Posterior is not null);
            tables.Add(new TextTable(
                title,
                ["subgroup", "k", bayesian ? "mean" : "estimate", bayesian ? "sd" : "SE", bayesian ? "95% CrI" : "95% CI", bayesian ? "P(> 0)" : "p", "τ²"],
                result.Subgroups.Select(s => (IReadOnlyList<string>)(s.Posterior is { } p
                    ? [s.Level, Count(s.K), Fixed(p.Mean), Fixed(p.Sd), Interval(p.Lower, p.Upper), p.HasProbabilityPositive ? Fixed(p.ProbabilityPositive) : "–", "–"]
                    : [s.Level, Count(s.K), Fixed(s.Estimate.Estimate), Fixed(s.Estimate.Se), Interval(s.Estimate.CiLower, s.Estimate.CiUpper), PValue(s.Estimate.PValue), s.HasTau2 ? Fixed(s.Tau2, 4) : "–"])).ToArray()));
        }

        if (result.RobustAveraging is { } averaging)
        {
            tables.AddRange(RobustAveraging(averaging));
        }

        if (result.BayesFactors.Count > 0)
        {
            tables.Add(new TextTable(
                "Bayes factors",
                ["hypothesis", "BF₁₀", "log BF₁₀"],
                result.BayesFactors.Select(b => (IReadOnlyList<string>)[b.Description, Scientific(Math.Exp(b.LogBayesFactor)), Fixed(b.LogBayesFactor, 3)]).ToArray()));
        }

        if (result.PublicationBias is { } bias)
        {
            tables.Add(PublicationBias(bias));
        }

        if (result.CorrelationSweep is { } sweep)
        {
            tables.Add(Sweep(sweep));
        }

        if (result.ClusterInfluence.Count > 0)
        {
            tables.Add(ClusterInfluence(result));
        }

        if (result.Influence.Count > 0)
        {
            tables.Add(result.ClusterInfluence.Count > 0
                ? new TextTable(
                    "Influence (each effect left out, variance components re-estimated)",
                    ["effect", "estimate without", "95% CI", "rstudent", "Cook's D", "hat", "weight %", "influential"],
                    result.Influence.Select(r => (IReadOnlyList<string>)
                    [
                        r.Label, Fixed(r.HasEstimate ? r.Estimate : null), Interval(r.HasCiLower ? r.CiLower : null, r.HasCiUpper ? r.CiUpper : null), Fixed(r.StudentizedResidual, 3), Fixed(r.CooksDistance, 3), Fixed(r.Hat, 3), Fixed(r.Weight, 2), r.Influential ? "yes" : string.Empty,
                    ]).ToArray())
                : new TextTable(
                    "Influence (each effect left out)",
                    ["effect", "estimate without", "95% CI", "rstudent", "DFFITS", "Cook's D", "hat", "weight %", "influential"],
                    result.Influence.Select(r => (IReadOnlyList<string>)
                    [
                        r.Label, Fixed(r.HasEstimate ? r.Estimate : null), Interval(r.HasCiLower ? r.CiLower : null, r.HasCiUpper ? r.CiUpper : null), Fixed(r.StudentizedResidual, 3), Fixed(r.Dffits, 3), Fixed(r.CooksDistance, 3), Fixed(r.Hat, 3), Fixed(r.Weight, 2), r.Influential ? "yes" : string.Empty,
                    ]).ToArray()));
        }

        if (result.Cumulative.Count > 0)
        {
            tables.Add(result.Cumulative.Any(r => r.Clusters > 0)
                ? new TextTable(
                    "Cumulative meta-analysis (studies added in data order)",
                    ["added", "studies", "k", "estimate", "95% CI", "p", "σ² between", "σ² within"],
                    result.Cumulative.Select(r => (IReadOnlyList<string>)[r.Label, Count(r.Clusters), Count(r.K), Fixed(r.Estimate), Interval(r.CiLower, r.CiUpper), PValue(r.PValue), Fixed(r.HasSigma2Between ? r.Sigma2Between : null, 4), Fixed(r.HasSigma2Within ? r.Sigma2Within : null, 4)]).ToArray())
                : new TextTable(
                    "Cumulative meta-analysis",
                    ["added", "k", "estimate", "95% CI", "p", "τ²", "I² (%)"],
                    result.Cumulative.Select(r => (IReadOnlyList<string>)[r.Label, Count(r.K), Fixed(r.Estimate), Interval(r.CiLower, r.CiUpper), PValue(r.PValue), Fixed(r.Tau2, 4), Fixed(r.I2, 1)]).ToArray()));
        }

        return tables;
    }

    /// <summary>Each cluster of a three-level model left out: the estimate and variance components without it, Cook's distance, DFBETAS and the chi-square of its deleted residuals.</summary>
    private static TextTable ClusterInfluence(FitResult result)
    {
        var names = result.Coefficients.Select(c => c.Name).ToArray();
        var dfbetas = names.Length == 1 ? "DFBETAS" : $"DFBETAS ({string.Join(", ", names)})";
        return new TextTable(
            "Influence (each study left out, variance components re-estimated)",
            ["study", "k", "estimate without", "95% CI", "σ² between", "σ² within", "Cook's D", dfbetas, "χ² (df)", "p", "influential"],
            result.ClusterInfluence.Select(r => (IReadOnlyList<string>)
            [
                r.Cluster, Count(r.K), Fixed(r.HasEstimate ? r.Estimate : null), Interval(r.HasCiLower ? r.CiLower : null, r.HasCiUpper ? r.CiUpper : null), Fixed(r.Sigma2BetweenDeleted, 4), Fixed(r.Sigma2WithinDeleted, 4), Fixed(r.CooksDistance, 3),
                string.Join(", ", r.Dfbetas.Select(d => Fixed(d, 3))), $"{Fixed(r.ChiSquare, 2)} ({Count(r.K)})", PValue(r.ChiSquarePValue), r.Influential ? "yes" : string.Empty,
            ]).ToArray());
    }

    /// <summary>The publication-bias checks as one table.</summary>
    public static TextTable PublicationBias(PublicationBiasChecks bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        var rows = new List<IReadOnlyList<string>>();
        if (bias.Egger is { } egger)
        {
            var statistic = egger.HasDf ? $"t = {Fixed(egger.Statistic)} (df {Fixed(egger.Df, 0)})" : $"z = {Fixed(egger.Statistic)}";
            rows.Add([egger.Model == "lm" ? "Egger's regression test (classical)" : "Egger's regression test (mixed-effects, on the SE)", statistic, PValue(egger.PValue), $"limit estimate (SE → 0) {Fixed(egger.LimitEstimate)}"]);
        }

        if (bias.Begg is { } begg)
        {
            rows.Add(["Begg's rank correlation", $"Kendall's τ = {Fixed(begg.KendallTau)}", PValue(begg.PValue), begg.Exact ? "exact p-value" : "normal approximation"]);
        }

        foreach (var fill in bias.TrimAndFill)
        {
            var model = fill.Model == "three_level" ? "three-level" : "random effects";
            rows.Add([$"Trim-and-fill (L0), {model}", $"{fill.Missing} missing on the {fill.Side}", PValue(fill.Adjusted.PValue), $"adjusted {Fixed(fill.Adjusted.Estimate)} {Interval(fill.Adjusted.CiLower, fill.Adjusted.CiUpper)}"]);
        }

        foreach (var n in bias.FailSafeN)
        {
            rows.Add([$"Fail-safe N ({n.Method})", Whole(n.Number), n.HasPValue ? PValue(n.PValue) : "–", n.HasTarget ? $"target {Fixed(n.Target)}" : string.Empty]);
        }

        if (bias.PetPeese is { } petPeese)
        {
            foreach (var (label, coefficients, slope) in new[] { ("PET (regression on the SE)", petPeese.Pet, "slope on the SE"), ("PEESE (regression on the variance)", petPeese.Peese, "slope on the variance") })
            {
                var intercept = coefficients[0];
                var note = coefficients.Count > 1 ? $"{slope} {Fixed(coefficients[1].Estimate)} (p {NumberFormat.PValueClause(coefficients[1].PValue)})" : string.Empty;
                rows.Add([label, $"intercept {Fixed(intercept.Estimate)} {Interval(intercept.CiLower, intercept.CiUpper)}", PValue(intercept.PValue), note]);
            }

            var rule = petPeese.Chosen == "PEESE"
                ? $"PEESE's intercept: PET's is significant (one-sided p {NumberFormat.PValueClause(petPeese.PetOneSidedPValue)})"
                : $"PET's intercept: PET's is not significant (one-sided p {NumberFormat.PValueClause(petPeese.PetOneSidedPValue)})";
            rows.Add(["PET-PEESE (conditional)", $"adjusted {Fixed(petPeese.Estimate.Estimate)} {Interval(petPeese.Estimate.CiLower, petPeese.Estimate.CiUpper)}", PValue(petPeese.Estimate.PValue), rule]);
        }

        foreach (var model in bias.SelectionModels)
        {
            var mu = model.Coefficients[0];
            var lrt = model.LikelihoodRatio;
            var deltas = string.Join("; ", model.Deltas.Select(d => d.Fixed ? $"{d.Name}: 1 (fixed)" : d.HasSe ? $"{d.Name}: {Fixed(d.Estimate)} (SE {Fixed(d.Se)})" : $"{d.Name}: {Fixed(d.Estimate)}"));
            var variances = model.Model == "three_level"
                ? $"σ² = {Fixed(model.Sigma2Between, 4)} between, {Fixed(model.Sigma2Within, 4)} within studies"
                : $"τ² = {Fixed(model.Tau2, 4)}";
            var note = $"LRT χ²({Whole(lrt.Df)}) = {Fixed(lrt.Statistic, 2)}; {variances}; {deltas}";
            rows.Add([SelectionModelName(model), $"adjusted {Fixed(mu.Estimate)} {Interval(mu.CiLower, mu.CiUpper)}", PValue(lrt.PValue), note]);
        }

        return new TextTable("Publication bias", ["check", "result", "p", "note"], rows);
    }

    /// <summary>The ensemble's inclusion Bayes factors and its members, most probable first.</summary>
    public static IReadOnlyList<TextTable> RobustAveraging(RobustAveragingResult averaging)
    {
        ArgumentNullException.ThrowIfNull(averaging);
        var inclusion = new TextTable(
            "Robust Bayesian model averaging: inclusion Bayes factors",
            ["component", "prior probability", "posterior probability", "inclusion BF"],
            averaging.Inclusion.Select(i => (IReadOnlyList<string>)[i.Component == "bias" ? "publication bias" : i.Component, Fixed(i.PriorProbability), Fixed(i.PosteriorProbability), NumberFormat.Scientific(Math.Exp(i.LogBayesFactor))]).ToArray());
        var members = new TextTable(
            $"The {averaging.Members.Count} models, most probable first",
            ["model", "prior", "posterior", "log marginal likelihood", "error", "method"],
            averaging.Members.OrderByDescending(m => m.PosteriorProbability).Select(m => (IReadOnlyList<string>)
                [m.Name, Fixed(m.PriorProbability, 4), Fixed(m.PosteriorProbability, 4), Fixed(m.LogMarginalLikelihood), NumberFormat.Scientific(m.Error), m.Method]).ToArray());
        return [inclusion, members];
    }

    /// <summary>A selection model as a reader names it: "Selection model, step function (0.025, 1)".</summary>
    public static string SelectionModelName(SelectionModelResult model) => "Selection model, " + SelectionModelLabel(model);

    /// <summary>A selection model's weight function and, when not the usual one, its direction: "half-normal, favouring negative effects".</summary>
    public static string SelectionModelLabel(SelectionModelResult model) =>
        WeightFunctionName(model) + (model.Alternative == "less" ? ", favouring negative effects" : string.Empty) + (model.Model == "three_level" ? ", three-level" : string.Empty);

    /// <summary>A selection model's weight function in words: "step function (0.025, 1)", "half-normal".</summary>
    public static string WeightFunctionName(SelectionModelResult model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Type switch
        {
            "stepfun" => $"step function ({string.Join(", ", model.Steps.Select(s => Fixed(s, 3).TrimEnd('0').TrimEnd('.')))})",
            "beta" => "beta",
            "halfnorm" => "half-normal",
            "negexp" => "negative-exponential",
            "logistic" => "logistic",
            "power" => "power",
            _ => model.Type,
        };
    }

    /// <summary>The correlation sweep: one row per correlation, one column per model.</summary>
    public static TextTable Sweep(CorrelationSweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var models = sweep.Rows.Select(r => r.Model).Distinct(StringComparer.Ordinal).ToArray();
        var rows = sweep.Rows.GroupBy(r => r.Correlation).Select(g => (IReadOnlyList<string>)
        [
            Fixed(g.Key, 2),
            .. models.Select(m => g.FirstOrDefault(r => r.Model == m) is { } row ? $"{Fixed(row.Estimate)} {Interval(row.Lower, row.Upper)}" : "–"),
        ]).ToArray();
        var title = IsSamplingErrorSweep(sweep)
            ? "Sensitivity to the working correlation ρ of the sampling errors within studies"
            : $"Sensitivity to the assumed pre/post correlation ({sweep.ImputedEffects} effects imputed)";
        return new TextTable(title, [IsSamplingErrorSweep(sweep) ? "ρ" : "r", .. models], rows);
    }

    /// <summary>The header of the permutation p-values' column: what kind of test and how many arrangements.</summary>
    public static string PermutationHeader(PermutationPValues permutation)
    {
        ArgumentNullException.ThrowIfNull(permutation);
        var count = permutation.Arrangements.ToString("N0", CultureInfo.InvariantCulture);
        return permutation.Exact ? $"p (exact permutation, {count})" : $"p ({count} permutations, seed {permutation.Seed.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>Whether the sweep varied the sampling errors' working correlation ρ rather than the pre/post correlation.</summary>
    public static bool IsSamplingErrorSweep(CorrelationSweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return sweep.SamplingErrors;
    }

    /// <summary>The heading of a sweep's section and figure.</summary>
    public static string SweepHeading(CorrelationSweepResult sweep) => IsSamplingErrorSweep(sweep)
        ? "Sensitivity to the sampling errors' working correlation ρ"
        : "Sensitivity to the assumed pre/post correlation";

    /// <summary>A test statistic as metafor prints it: "QM(df = 2) = 5.31, p = 0.070" or "F(2, 28) = 2.65, p = 0.088".</summary>
    public static string Test(TestStatistic test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var df = test.HasDf2 ? $"{Fixed(test.Df, 0)}, {Fixed(test.Df2, 1)}" : $"df = {Fixed(test.Df, 0)}";
        return $"{test.Name}({df}) = {Fixed(test.Statistic, 2)}, p {PValueClause(test.PValue)}";
    }

    private static List<IReadOnlyList<string>> Heterogeneity(FitResult result)
    {
        var facts = new List<IReadOnlyList<string>>();
        if (result.Heterogeneity is { } h)
        {
            var residual = h.Residual ? " (residual)" : string.Empty;
            if (h.HasTau2)
            {
                var ci = h.HasTau2CiLower ? $" {Interval(h.Tau2CiLower, h.Tau2CiUpper)}" : string.Empty;
                var se = h.HasTau2Se ? $" (SE {Fixed(h.Tau2Se, 4)})" : string.Empty;
                facts.Add([$"τ²{residual}", $"{Fixed(h.Tau2, 4)}{se}{ci}"]);
                facts.Add([$"τ{residual}", Fixed(Math.Sqrt(h.Tau2), 4)]);
            }

            if (result.HasSamplingCorrelation)
            {
                facts.Add(["sampling errors", $"correlated within studies, working ρ = {Fixed(result.SamplingCorrelation, 2)}"]);
            }

            if (h.HasSigma2Between)
            {
                facts.Add(["σ² between studies", Fixed(h.Sigma2Between, 4)]);
                facts.Add(["σ² within studies", Fixed(h.Sigma2Within, 4)]);
            }

            if (h.HasI2)
            {
                facts.Add([$"I² (%){residual}", $"{Fixed(h.I2, 2)}{(h.HasI2CiLower ? $" {Interval(h.I2CiLower, h.I2CiUpper)}" : string.Empty)}"]);
            }

            if (h.HasH2)
            {
                facts.Add([$"H²{residual}", $"{Fixed(h.H2, 2)}{(h.HasH2CiLower ? $" {Interval(h.H2CiLower, h.H2CiUpper)}" : string.Empty)}"]);
            }

            if (h.HasR2)
            {
                facts.Add(["R² (%)", Fixed(h.R2, 2)]);
            }

            if (h.HasQe)
            {
                facts.Add([h.Residual ? "Q_E (residual heterogeneity)" : "Q (heterogeneity)", $"{Fixed(h.Qe, 2)} on {Count(h.QeDf)} df, p {PValueClause(h.QePValue)}"]);
            }
        }

        if (result.ModeratorTest is { } moderators)
        {
            var permuted = result.Permutation is { HasModeratorPValue: true } permutation ? $"; permutation p {PValueClause(permutation.ModeratorPValue)}" : string.Empty;
            facts.Add(["test of moderators", Test(moderators) + permuted]);
        }

        if (result.Prediction is { } prediction)
        {
            facts.Add(["new study (prediction interval)", $"{Fixed(prediction.Estimate)} {Interval(prediction.PiLower, prediction.PiUpper)}"]);
        }

        return facts;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
