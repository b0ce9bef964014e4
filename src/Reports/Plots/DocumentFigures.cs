using System.Globalization;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Reports.Tables;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The figures of an analysis, drawn from its document alone (the request's data and each model's
/// <see cref="FitResult"/> with its plot data): a batch run on the service draws exactly the figures of the
/// same batch run here. Per model: forest plots (effects, weights, shrunken estimates, pooled estimate and
/// prediction interval; subgroups), posterior densities with priors, trace and rank plots of sampled models,
/// dose-response and bubble plots. For the batch: the funnel plot with trim-and-fill, and the sensitivity plot.
/// </summary>
public static class DocumentFigures
{
    private static readonly string Frequentist = ModelNames.Of(EngineKind.Frequentist);
    private static readonly string ExactBayes = ModelNames.Of(EngineKind.ExactBayes);
    private static readonly string RandomEffects = ModelNames.Of(Model.KindOneofCase.RandomEffects);
    private static readonly string ThreeLevel = ModelNames.Of(Model.KindOneofCase.ThreeLevel);

    /// <summary>Every figure of <paramref name="document"/>, in report order: each model's (grouped by its name), then the batch's.</summary>
    public static IReadOnlyList<Figure> Create(AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var scale = EffectScale.For(document.Measure);
        var effect = scale.AnalysisName;
        var figures = new List<Figure>();
        foreach (var (name, result) in document.Results)
        {
            figures.AddRange(ForModel(document, name, result, scale).Select(f => f with { Group = name }));
        }

        // The funnel shows every effect that has a value; effects missing one are in no model.
        var (allYi, allVi) = document.Effects;
        var present = Enumerable.Range(0, allYi.Count).Where(i => double.IsFinite(allYi[i]) && double.IsFinite(allVi[i])).ToArray();
        var yi = present.Select(i => allYi[i]).ToArray();
        var vi = present.Select(i => allVi[i]).ToArray();
        if (yi.Length > 0)
        {
            var fill = document.Results.SelectMany(r => r.Result.PublicationBias?.TrimAndFill ?? []).FirstOrDefault(t => t.Model == RandomEffects);
            figures.Add(FunnelPlot.Create("funnel", "Funnel plot (contours: p of each effect; open: trim-and-fill)", effect, yi, vi, FunnelCentre(document, yi, vi), fill?.FilledYi, fill?.FilledVi));
        }

        var selection = document.Results.SelectMany(r => r.Result.PublicationBias?.SelectionModels ?? []).Where(m => m.CurveP.Count > 0).ToArray();
        if (selection.Length > 0)
        {
            figures.Add(SelectionWeightsPlot.Create(
                "selection-weights",
                "Selection models: the fitted weight functions",
                selection.Select(m => (FitResultTables.SelectionModelLabel(m), (IReadOnlyList<double>)m.CurveP, (IReadOnlyList<double>)m.CurveWeight)).ToArray()));
        }

        // One figure per kind of sweep: the pre/post correlation moves the effect sizes, ρ moves V.
        foreach (var sweep in document.Results.Select(r => r.Result.CorrelationSweep).Where(s => s is { Rows.Count: > 0 }).DistinctBy(s => s.SamplingErrors))
        {
            var series = sweep.Rows.GroupBy(r => r.Model, StringComparer.Ordinal).Select(g => new SensitivitySeries(
                g.Key,
                g.Select(r => r.Correlation).ToArray(),
                g.Select(r => r.Estimate).ToArray(),
                g.Select(r => r.Lower).ToArray(),
                g.Select(r => r.Upper).ToArray())).ToArray();
            var samplingErrors = FitResultTables.IsSamplingErrorSweep(sweep);
            figures.Add(SensitivityPlot.Create(
                SensitivityFigureName(sweep),
                FitResultTables.SweepHeading(sweep),
                effect,
                series,
                samplingErrors ? "working correlation ρ of the sampling errors within studies" : "assumed pre/post correlation r"));
        }

        return figures;
    }

    /// <summary>The file name of a sweep's figure.</summary>
    public static string SensitivityFigureName(CorrelationSweepResult sweep) =>
        FitResultTables.IsSamplingErrorSweep(sweep) ? "sensitivity-sampling-correlation" : "sensitivity-correlation";

    private static IEnumerable<Figure> ForModel(AnalysisDocument document, string name, FitResult result, EffectScale scale)
    {
        var slug = FigureNames.Slug(name);
        var effect = scale.AnalysisName;
        if (result.Subgroups.Count > 0)
        {
            if (SubgroupForest(document, name, result, scale, slug) is { } subgroups)
            {
                yield return subgroups;
            }
        }
        else if (Pooled(result) is { } pooled)
        {
            yield return Forest(document, name, result, pooled, scale, slug);
        }

        foreach (var figure in Diagnostics(document, name, result, scale, slug))
        {
            yield return figure;
        }

        var plots = result.PlotData;
        if (plots is null)
        {
            yield break;
        }

        foreach (var density in plots.Densities)
        {
            var parameter = density.Parameter;
            var file = FigureNames.Slug(parameter);
            yield return PosteriorDensityPlot.Create($"density-{slug}-{file}", $"{name}: posterior of {parameter}", density, Parameter(result, parameter));
            var traces = plots.Traces.Where(t => t.Parameter == parameter).ToArray();
            if (traces.Length > 0)
            {
                yield return TracePlot.Create($"trace-{slug}-{file}", $"{name}: trace of {parameter}", parameter, traces);
            }

            var ranks = plots.Ranks.Where(r => r.Parameter == parameter).ToArray();
            if (ranks.Length > 0)
            {
                yield return RankPlot.Create($"rank-{slug}-{file}", $"{name}: rank plot of {parameter}", parameter, ranks);
            }
        }

        if (plots.Curve is { X.Count: > 0 } curve && Regression(document, name, result, curve, effect, slug) is { } regression)
        {
            yield return regression;
        }
    }

    /// <summary>
    /// The figures metafor users reach for after the main fit: for an influence model the leave-one-out forest
    /// plot, Cook's distances, the Baujat plot and the GOSH plot; for a cumulative model its forest plot.
    /// </summary>
    private static IEnumerable<Figure> Diagnostics(AnalysisDocument document, string name, FitResult result, EffectScale scale, string slug)
    {
        var full = result.Coefficients.Count == 1 ? result.Coefficients[0] : null;
        var influence = result.Influence;
        var studies = result.ClusterInfluence;
        if (studies.Count > 0 && full is not null && studies.All(r => r.Se > 0))
        {
            var rows = studies.Select(r => new ForestRow($"without {r.Cluster}", r.Estimate, r.CiLower, r.CiUpper)).ToArray();
            yield return ForestPlot.Create($"leave-one-study-out-{slug}", $"{name}: leave-one-study-out estimates", scale, [new ForestSection(null, rows, null)], new ForestSummary("all studies (95% CI)", full.Estimate, full.CiLower, full.CiUpper))
                with { Caption = $"{name}: the pooled estimate with each study (all its effects) left out in turn" };
        }

        if (studies.Count > 0)
        {
            yield return CooksDistancePlot.Create($"cooks-distance-studies-{slug}", $"{name}: Cook's distances of the studies", studies.Select(r => (r.Cluster, r.CooksDistance, r.Influential)).ToArray());
        }

        if (influence.Count > 0 && full is not null && influence.All(r => r.Se > 0))
        {
            var rows = influence.Select(r => new ForestRow($"without {r.Label}", r.Estimate, r.CiLower, r.CiUpper)).ToArray();
            yield return ForestPlot.Create($"leave-one-out-{slug}", $"{name}: leave-one-out estimates", scale, [new ForestSection(null, rows, null)], new ForestSummary("all effects (95% CI)", full.Estimate, full.CiLower, full.CiUpper))
                with { Caption = $"{name}: the pooled estimate with each effect left out in turn" };
        }

        if (influence.Count > 0)
        {
            yield return CooksDistancePlot.Create($"cooks-distance-{slug}", $"{name}: Cook's distances", influence.Select(r => (r.Label, r.CooksDistance, r.Influential)).ToArray());
        }

        if (influence.Count > 0 && influence.All(r => r.HasBaujatHeterogeneity))
        {
            yield return BaujatPlot.Create($"baujat-{slug}", $"{name}: Baujat plot", influence.Select(r => (r.Label, r.BaujatHeterogeneity, r.BaujatInfluence)).ToArray());
        }

        if (result.Gosh is { Estimate.Count: > 0 } gosh)
        {
            yield return GoshPlot.Create($"gosh-{slug}", $"{name}: GOSH plot (every subset of the effects)", scale.AnalysisName, gosh.Estimate, gosh.I2);
        }

        if (result.Cumulative.Count > 0)
        {
            var steps = result.Cumulative.Select(c => new ForestRow($"+ {c.Label} (k = {c.K})", c.Estimate, c.CiLower, c.CiUpper)).ToArray();
            yield return ForestPlot.Create($"cumulative-{slug}", $"{name}: cumulative estimates", scale, [new ForestSection(null, steps, null)], null)
                with { Caption = $"{name}: the pooled estimate as {(result.Cumulative.Any(c => c.Clusters > 0) ? "studies" : "effects")} are added in data order" };
        }
    }

    /// <summary>
    /// The pooled estimate of a random-effects or three-level model without slopes (the frequentist
    /// intercept, or the exact posterior of <c>mu</c>); null for any other model.
    /// </summary>
    private static (double Estimate, double Lower, double Upper)? Pooled(FitResult result)
    {
        if (result.Model != RandomEffects && result.Model != ThreeLevel)
        {
            return null;
        }

        if (result.Engine == Frequentist && result.Coefficients.Count == 1)
        {
            var c = result.Coefficients[0];
            return (c.Estimate, c.CiLower, c.CiUpper);
        }

        return result.Engine == ExactBayes && Parameter(result, "mu") is { } mu ? (mu.Mean, mu.Lower, mu.Upper) : null;
    }

    private static Figure Forest(AnalysisDocument document, string name, FitResult result, (double Estimate, double Lower, double Upper) pooled, EffectScale scale, string slug)
    {
        var weights = result.PlotData?.Weights;
        var shrunken = result.PlotData?.StudyEstimates;
        var rows = EffectRows(document, result)
            .Select((row, i) => row with
            {
                Weight = weights is { Count: > 0 } ? weights[i] : null,
                Shrunken = shrunken is { Count: > 0 } ? (shrunken[i].Estimate, shrunken[i].Lower, shrunken[i].Upper) : null,
            })
            .ToArray();
        var clusters = document.Data.Clusters.Count == document.K ? document.RowsOf(result).Select(i => document.Data.Clusters[i]).ToArray() : [];
        var sections = result.Model == ThreeLevel && clusters.Length == rows.Length
            ? clusters.Select((cluster, i) => (cluster, i)).GroupBy(p => p.cluster, StringComparer.Ordinal).Select(g => new ForestSection(g.Key, g.Select(p => rows[p.i] with { Label = WithinCluster(rows[p.i].Label, g.Key) }).ToArray(), null)).ToArray()
            : [new ForestSection(null, rows, null)];
        var bayesian = result.Engine != Frequentist;
        var prediction = bayesian
            ? Parameter(result, "theta_new") is { } theta ? (theta.Lower, theta.Upper) : ((double, double)?)null
            : result.Prediction is { } p ? (p.PiLower, p.PiUpper) : null;
        var overall = new ForestSummary(
            bayesian ? "pooled (posterior, 95% CrI)" : "pooled (95% CI)",
            pooled.Estimate,
            pooled.Lower,
            pooled.Upper,
            prediction?.Item1,
            prediction?.Item2,
            HeterogeneityNote(result));
        var caption = bayesian ? "observed effects, shrunken estimates, posterior mean and predictive interval (dotted)" : "effects (square area: weight), pooled estimate and 95% prediction interval (dotted)";
        return ForestPlot.Create($"forest-{slug}", name, scale, sections, overall) with { Caption = $"{name}: {caption}" };
    }

    /// <summary>The line under a pooled diamond: τ², I² and Q with its p (σ² between and within for three levels), or the posterior of τ.</summary>
    private static string? HeterogeneityNote(FitResult result)
    {
        if (result.Heterogeneity is { } h && h.HasQe)
        {
            var q = string.Create(CultureInfo.InvariantCulture, $"Q({h.QeDf}) = {h.Qe:F2}, p {NumberFormat.PValueClause(h.QePValue)}");
            return h.HasSigma2Between
                ? string.Create(CultureInfo.InvariantCulture, $"σ² between = {h.Sigma2Between:F4}, σ² within = {h.Sigma2Within:F4}; {q}")
                : string.Create(CultureInfo.InvariantCulture, $"τ² = {h.Tau2:F4}, I² = {h.I2:F1}%; {q}");
        }

        static string Posterior(string symbol, PosteriorParameter p) => string.Create(CultureInfo.InvariantCulture, $"{symbol} = {p.Mean:F3} [{p.Lower:F3}, {p.Upper:F3}]");
        if (Parameter(result, "sigma_between") is { } between && Parameter(result, "sigma_within") is { } within)
        {
            return $"{Posterior("σ between", between)}, {Posterior("σ within", within)} (posterior means, 95% CrI)";
        }

        return Parameter(result, "tau") is { } tau ? $"{Posterior("τ", tau)} (posterior mean, 95% CrI)" : null;
    }

    private static Figure? SubgroupForest(AnalysisDocument document, string name, FitResult result, EffectScale scale, string slug)
    {
        if (SubgroupOfEffect(document, result) is not { } levels)
        {
            return null;
        }

        var rows = EffectRows(document, result);
        var sections = result.Subgroups.Select(g =>
        {
            var (estimate, lower, upper) = g.Estimate is { } c ? (c.Estimate, c.CiLower, c.CiUpper) : (g.Posterior.Mean, g.Posterior.Lower, g.Posterior.Upper);
            var note = g.HasTau2 ? string.Create(CultureInfo.InvariantCulture, $"τ² = {g.Tau2:F4}, I² = {g.I2:F1}%") : null;
            return new ForestSection(
                g.Level,
                rows.Where((_, i) => levels[i] == g.Level).ToArray(),
                new ForestSummary($"{g.Level} (k = {g.K})", estimate, lower, upper, Note: note));
        }).ToArray();

        // The overall estimate of the same effects: a REML random-effects fit, as metafor's forest adds with addpoly.
        var used = document.RowsOf(result);
        var (yi, vi) = document.Effects;
        var all = RandomEffectsModel.Fit(EffectData.Create(used.Select(i => yi[i]).ToArray(), used.Select(i => vi[i]).ToArray()));
        var pooled = all.Coefficients[0];
        var test = result.SubgroupTest is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"test of subgroup differences: {t.Name}({t.Df:0}) = {t.Statistic:F2}, p {NumberFormat.PValueClause(t.PValue)}")
            : null;
        var overall = new ForestSummary("all effects (REML, 95% CI)", pooled.Estimate, pooled.CiLower, pooled.CiUpper, Note: test);
        return ForestPlot.Create($"forest-{slug}", $"{name}: subgroup estimates", scale, sections, overall);
    }

    /// <summary>
    /// The subgroup of each effect the model used: the values of the data's categorical moderator with exactly
    /// the result's levels and counts. A result does not name its moderator, so when two columns fit, the one
    /// its description names ("subgroups by ...") wins; null when none fits.
    /// </summary>
    private static string[]? SubgroupOfEffect(AnalysisDocument document, FitResult result)
    {
        var counts = result.Subgroups.ToDictionary(g => g.Level, g => g.K, StringComparer.Ordinal);
        var used = document.RowsOf(result);
        var fitting = document.Data.Moderators
            .Where(m => m.Categorical is { } c && c.Values.Count == document.K)
            .Select(m => (m.Name, Values: used.Select(i => m.Categorical.Values[i]).ToArray()))
            .Where(m => m.Values.GroupBy(v => v, StringComparer.Ordinal).All(g => counts.TryGetValue(g.Key, out var k) && k == g.Count())
                && counts.Keys.All(m.Values.Contains))
            .ToArray();
        var named = fitting.FirstOrDefault(m => result.Description.Contains($"subgroups by {m.Name}", StringComparison.Ordinal));
        return (named.Values ?? fitting.FirstOrDefault().Values);
    }

    /// <summary>The dose-response curve over the data's doses, or the bubble plot over the moderator the curve is on.</summary>
    private static Figure? Regression(AnalysisDocument document, string name, FitResult result, CurveBand curve, string effect, string slug)
    {
        var used = document.RowsOf(result);
        double[] Used(IReadOnlyList<double> values) => used.Select(i => values[i]).ToArray();
        var (allYi, allVi) = document.Effects;
        var yi = Used(allYi);
        var weights = Used(allVi).Select(v => 1 / v).ToArray();
        var bayesian = result.Engine != Frequentist;
        if (document.Data.Dose.Count == document.K && result.Model == ModelNames.Of(Model.KindOneofCase.DoseResponse))
        {
            return RegressionPlot.Create($"dose-{slug}", $"{name}: dose-response on {curve.Variable}", curve.Variable, effect, Used(document.Data.Dose), yi, weights, curve, bayesian);
        }

        var moderator = document.Data.Moderators.FirstOrDefault(m => m.Name == curve.Variable && m.Continuous is not null);
        return moderator is null || moderator.Continuous.Values.Count != document.K
            ? null
            : RegressionPlot.Create($"bubble-{slug}", $"{name}: meta-regression on {moderator.Name}", moderator.Name, effect, Used(moderator.Continuous.Values), yi, weights, curve, bayesian);
    }

    /// <summary>The funnel's centre: the first intercept-only frequentist random-effects model's estimate, else a REML fit of the effects.</summary>
    private static double FunnelCentre(AnalysisDocument document, IReadOnlyList<double> yi, IReadOnlyList<double> vi)
    {
        var randomEffects = document.Results.Select(r => r.Result).FirstOrDefault(r => r.Engine == Frequentist && r.Model == RandomEffects && r.Coefficients.Count == 1);
        return randomEffects?.Coefficients[0].Estimate ?? RandomEffectsModel.Fit(EffectData.Create(yi, vi)).Coefficients[0].Estimate;
    }

    /// <summary>Each effect <paramref name="result"/>'s model used, with its 95% confidence interval.</summary>
    private static ForestRow[] EffectRows(AnalysisDocument document, FitResult result)
    {
        var (yi, vi) = document.Effects;
        var labels = document.Labels;
        return document.RowsOf(result).Select(i => new ForestRow(labels[i], yi[i], yi[i] - (1.96 * Math.Sqrt(vi[i])), yi[i] + (1.96 * Math.Sqrt(vi[i])))).ToArray();
    }

    private static PosteriorParameter? Parameter(FitResult result, string name) => result.Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>An effect's label under its cluster's heading, without the cluster's name in front ("S01/3" → "effect 3", "S01 Glu" → "Glu").</summary>
    private static string WithinCluster(string label, string cluster) =>
        label.StartsWith(cluster + "/", StringComparison.Ordinal) ? "effect " + label[(cluster.Length + 1)..]
        : label.StartsWith(cluster + " ", StringComparison.Ordinal) ? label[(cluster.Length + 1)..]
        : label;
}
