using MathNet.Numerics.Distributions;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Cli.Plots;

/// <summary>
/// The figures of a batch: forest plots (frequentist, subgroups, Bayesian with shrunken estimates),
/// posterior densities with priors, trace and rank plots of sampled models, bubble and dose-response
/// plots, the funnel plot with trim-and-fill, and the sensitivity plot.
/// </summary>
public static class BatchFigures
{
    /// <summary>Every figure of <paramref name="batch"/>, in report order.</summary>
    public static IReadOnlyList<Figure> Create(BatchResult batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var effect = batch.Measure is { } measure ? $"effect size ({measure})" : "effect size (yi)";
        var figures = new List<Figure>();
        foreach (var model in batch.Models)
        {
            figures.AddRange(ForModel(model, batch, effect).Select(f => f with { Group = model.Name }));
        }

        var data = batch.Data.Effects;
        var pooled = RandomEffectsModel.Fit(data).Coefficients[0].Estimate;
        var fill = batch.PublicationBias?.TrimAndFill;
        figures.Add(FunnelPlot.Create("funnel", "Funnel plot (contours: p of each effect; open: trim-and-fill)", effect, data.Yi, data.Vi, pooled, fill?.FilledYi, fill?.FilledVi));
        if (batch.Sensitivity is { Rows.Count: > 0 } sensitivity)
        {
            var series = sensitivity.Rows.GroupBy(r => r.Model).Select(g => new SensitivitySeries(
                g.Key,
                g.Select(r => r.AssumedCorrelation).ToArray(),
                g.Select(r => r.Estimate.Estimate).ToArray(),
                g.Select(r => r.Estimate.Lower ?? double.NaN).ToArray(),
                g.Select(r => r.Estimate.Upper ?? double.NaN).ToArray())).ToArray();
            figures.Add(SensitivityPlot.Create("sensitivity-correlation", "Sensitivity to the assumed pre/post correlation", effect, series));
        }

        return figures;
    }

    /// <summary>A file-name form of <paramref name="text"/>; kept for the callers that have not moved to <see cref="FigureNames"/>.</summary>
    public static string Slug(string text) => FigureNames.Slug(text);

    private static IEnumerable<Figure> ForModel(ModelResult model, BatchResult batch, string effect)
    {
        var slug = FigureNames.Slug(model.Name);
        var fits = model.Fits;
        var hasSlopes = fits.Design?.HasModerators == true;
        if (fits.Subgroups is not null || (fits.Exact is not null && model.Subgroups.Count > 0))
        {
            yield return SubgroupForest(model, batch, effect, slug);
        }
        else if (!hasSlopes && (fits.RandomEffects is not null || fits.ThreeLevel is not null || fits.Exact is not null))
        {
            yield return Forest(model, batch, effect, slug);
        }

        if (fits.Exact is { } posterior && model.Subgroups.Count == 0)
        {
            foreach (var figure in ExactDensities(model, posterior, slug))
            {
                yield return figure;
            }
        }

        if (fits.Sampling is { } sampling)
        {
            foreach (var quantity in fits.SampledQuantities)
            {
                var chains = sampling.Draws(quantity);
                var lower = quantity is "tau" or "sigma_between" or "sigma_within" or "ed50" ? 0 : double.NegativeInfinity;
                var curve = PlotDataBuilder.Estimate(quantity, chains.SelectMany(c => c).ToArray(), SampledPrior(model.Plan, quantity), lower);
                var file = FigureNames.Slug(quantity);
                yield return PosteriorDensityPlot.Create($"density-{slug}-{file}", $"{model.Name}: posterior of {quantity}", curve);
                yield return TracePlot.Create($"trace-{slug}-{file}", $"{model.Name}: trace of {quantity}", quantity, PlotDataBuilder.Traces(quantity, chains).ToArray());
                yield return RankPlot.Create($"rank-{slug}-{file}", $"{model.Name}: rank plot of {quantity}", quantity, PlotDataBuilder.Ranks(quantity, chains).ToArray());
            }
        }

        if (fits.Dose is { } dose)
        {
            yield return DoseFigure(model, dose, effect, slug);
        }
        else if (fits.ContinuousModerator is { } moderator)
        {
            var band = PlotDataBuilder.Band(moderator.Name, x => Frequentist(model, [1, x]), moderator.Values.Min(), moderator.Values.Max());
            yield return RegressionPlot.Create($"bubble-{slug}", $"{model.Name}: meta-regression on {moderator.Name}", moderator.Name, effect, moderator.Values, fits.Data.Yi, fits.Data.Vi.Select(v => 1 / v).ToArray(), band, bayesian: false);
        }
    }

    private static Figure Forest(ModelResult model, BatchResult batch, string effect, string slug)
    {
        var data = model.Fits.Data;
        var weights = model.Fits.RandomEffects?.Weights;
        var shrunken = model.Fits.Exact?.StudyEffects();
        var rows = data.Labels.Select((label, i) => new ForestRow(
            label,
            data.Yi[i],
            data.Yi[i] - (1.96 * Math.Sqrt(data.Vi[i])),
            data.Yi[i] + (1.96 * Math.Sqrt(data.Vi[i])),
            weights?[i],
            shrunken is null ? null : Summary(shrunken[i]))).ToArray();
        var sections = batch.Data.Studies is { } studies && model.Plan.Structure == ModelStructure.ThreeLevel
            ? studies.Select((s, i) => (s, i)).GroupBy(p => p.s, StringComparer.Ordinal).Select(g => new ForestSection(g.Key, g.Select(p => rows[p.i] with { Label = Tail(rows[p.i].Label) }).ToArray(), null)).ToArray()
            : [new ForestSection(null, rows, null)];
        var c = model.Coefficients[0];
        var overall = new ForestSummary(
            model.Plan.IsBayesian ? "pooled (posterior, 95% CrI)" : "pooled (95% CI)",
            c.Estimate,
            c.Lower ?? c.Estimate,
            c.Upper ?? c.Estimate,
            model.Prediction?.Lower,
            model.Prediction?.Upper);
        var caption = model.Plan.IsBayesian ? "observed effects, shrunken estimates, posterior mean and predictive interval (dotted)" : "effects, pooled estimate and 95% prediction interval (dotted)";
        return ForestPlot.Create($"forest-{slug}", model.Name, effect, sections, overall) with { Caption = $"{model.Name}: {caption}" };
    }

    private static Figure SubgroupForest(ModelResult model, BatchResult batch, string effect, string slug)
    {
        var data = model.Fits.Data;
        var levels = model.Fits.SubgroupOfEffect ?? throw new InvalidOperationException("a subgroup model without its subgroups");
        var sections = model.Subgroups.Select(g => new ForestSection(
            g.Level,
            Enumerable.Range(0, data.K).Where(i => levels[i] == g.Level).Select(i => new ForestRow(
                data.Labels[i],
                data.Yi[i],
                data.Yi[i] - (1.96 * Math.Sqrt(data.Vi[i])),
                data.Yi[i] + (1.96 * Math.Sqrt(data.Vi[i])))).ToArray(),
            new ForestSummary($"{g.Level} (k = {g.K})", g.Estimate.Estimate, g.Estimate.Lower ?? double.NaN, g.Estimate.Upper ?? double.NaN))).ToArray();
        return ForestPlot.Create($"forest-{slug}", $"{model.Name}: subgroup estimates", effect, sections, null);
    }

    private static IEnumerable<Figure> ExactDensities(ModelResult model, ExactPosterior posterior, string slug)
    {
        var priors = model.Plan.Priors!;
        var names = posterior.CoefficientNames;
        var slopes = names.Where(n => n != "intrcpt").ToArray();
        foreach (var name in slopes.Length > 0 ? slopes : names)
        {
            var coefficient = posterior.Coefficient(name);
            var prior = name == "intrcpt" ? priors.Intercept : priors.Slopes;
            yield return PosteriorDensityPlot.Create(
                $"density-{slug}-{FigureNames.Slug(name)}",
                $"{model.Name}: posterior of {name}",
                PlotDataBuilder.Density(name, coefficient.Density, prior is null ? null : x => Math.Exp(prior.LogDensity(x)), coefficient.Quantile(0.001), coefficient.Quantile(0.999)));
        }

        foreach (var component in posterior.Model.Components)
        {
            var sd = posterior.Component(component.Name);
            var prior = component.Prior!;
            yield return PosteriorDensityPlot.Create(
                $"density-{slug}-{FigureNames.Slug(component.Name)}",
                $"{model.Name}: posterior of {component.Name}",
                PlotDataBuilder.Density(component.Name, sd.Density, x => Math.Exp(prior.LogDensity(x)), 0, sd.Quantile(0.995)));
        }
    }

    private static Func<double, double>? SampledPrior(ModelPlan plan, string quantity)
    {
        var p = plan.Priors!;
        Func<double, double>? normal(Core.Bayesian.Priors.NormalPrior? prior) => prior is null ? null : x => Math.Exp(prior.LogDensity(x));
        Func<double, double>? scale(Core.Bayesian.Priors.ScalePrior? prior) => prior is null ? null : x => Math.Exp(prior.LogDensity(x));
        return quantity switch
        {
            "mu" or "beta[intrcpt]" => normal(p.Intercept),
            "tau" => scale(p.Tau),
            "sigma_between" => scale(p.SigmaBetween),
            "sigma_within" => scale(p.SigmaWithin),
            "e0" => normal(p.E0),
            "emax" => normal(p.Emax),
            "ed50" => p.Ed50 is { } ed50 ? x => Math.Exp(ed50.LogDensity(x)) : null,
            _ when quantity.StartsWith("beta[", StringComparison.Ordinal) => normal(p.Slopes),
            _ => null,
        };
    }

    private static Figure DoseFigure(ModelResult model, DoseCurveData dose, string effect, string slug)
    {
        var data = model.Fits.Data;
        var from = dose.Doses.Min();
        var to = dose.Doses.Max();
        var title = $"{model.Name}: dose-response on {dose.Column}";
        var weights = data.Vi.Select(v => 1 / v).ToArray();
        Contracts.V1.CurveBand band;
        if (model.Fits.Sampling is { } sampling)
        {
            var e0 = sampling.PooledDraws("e0");
            var emax = sampling.PooledDraws("emax");
            var ed50 = sampling.PooledDraws("ed50");
            band = PlotDataBuilder.Band(
                dose.Column,
                d =>
                {
                    var values = e0.Select((_, s) => EmaxDoseResponseModel.Curve(e0[s], emax[s], ed50[s], d / dose.Scale)).Order().ToArray();
                    return (values.Average(), Quantile(values, 0.025), Quantile(values, 0.975));
                },
                from,
                to);
        }
        else if (model.Fits.Exact is { } posterior)
        {
            band = PlotDataBuilder.Band(
                dose.Column,
                d =>
                {
                    var curve = posterior.LinearCombination(dose.Row!(d));
                    var interval = curve.CentralInterval(0.95);
                    return (curve.Mean, interval.Lower, interval.Upper);
                },
                from,
                to);
        }
        else
        {
            band = PlotDataBuilder.Band(dose.Column, d => Frequentist(model, dose.Row!(d)), from, to);
        }

        return RegressionPlot.Create($"dose-{slug}", title, dose.Column, effect, dose.Doses, data.Yi, weights, band, model.Plan.IsBayesian);
    }

    /// <summary>x'β with its 95% confidence interval, from the fit's (or the robust) covariance.</summary>
    private static (double Estimate, double Lower, double Upper) Frequentist(ModelResult model, double[] row)
    {
        var fits = model.Fits;
        var beta = fits.RandomEffects?.Beta ?? fits.ThreeLevel?.Beta ?? throw new InvalidOperationException("no frequentist fit");
        var covariance = fits.Robust?.Covariance ?? fits.RandomEffects?.Covariance ?? fits.ThreeLevel!.Covariance;
        var estimate = row.Select((x, j) => x * beta[j]).Sum();
        var variance = 0.0;
        for (var i = 0; i < row.Length; i++)
        {
            for (var j = 0; j < row.Length; j++)
            {
                variance += row[i] * covariance[i, j] * row[j];
            }
        }

        // Robust coefficients each have their own Satterthwaite df; the band then uses the normal quantile.
        var df = fits.Robust is null ? fits.RandomEffects?.DegreesOfFreedom ?? fits.ThreeLevel?.DegreesOfFreedom : null;
        var critical = df is { } d ? StudentT.InvCDF(0, 1, d, 0.975) : Normal.InvCDF(0, 1, 0.975);
        var se = Math.Sqrt(Math.Max(variance, 0));
        return (estimate, estimate - (critical * se), estimate + (critical * se));
    }

    private static (double, double, double) Summary(NormalMixture mixture)
    {
        var interval = mixture.CentralInterval(0.95);
        return (mixture.Mean, interval.Lower, interval.Upper);
    }

    private static double Quantile(double[] sorted, double p) => MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(sorted, p);

    private static string Tail(string label) => label.Contains('/', StringComparison.Ordinal) ? "effect " + label[(label.LastIndexOf('/') + 1)..] : label;
}
