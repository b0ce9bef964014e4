using System.Globalization;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Exact Bayesian fits of the models that are Gaussian given their variance components (random effects,
/// meta-regression, subgroups with a common τ, linear-in-coefficient dose-response, three levels): the
/// posterior is integrated numerically over τ (or σ_between and σ_within), so every summary is exact up
/// to the reported integration error.
/// </summary>
/// <remarks>
/// <para>Parameters: the coefficients (<c>mu</c>, or <c>beta[column]</c> with moderators), each subgroup's
/// mean <c>mu[level]</c>, then <c>tau</c>, <c>tau2</c> and <c>i2</c> (percent) or <c>sigma_between</c> and
/// <c>sigma_within</c>, and <c>theta_new</c> (a new study's true effect) when the predictive distribution
/// is asked for. A coefficient without a prior in the spec has a flat prior.</para>
/// <para>With <c>report.marginal_likelihood</c>: the log marginal likelihood (proper coefficient priors
/// only: a flat prior leaves it undefined) and Bayes factors of the model against the same model with a
/// part removed, positive when the data favour the part: effect (μ = 0), slopes (every coefficient but the
/// intercept = 0), heterogeneity (every variance component = 0), sigma_between (σ_between = 0). Each Bayes
/// factor is one more integration, so they are computed only when asked for.</para>
/// <para>The integration error is the estimated relative error of the marginal likelihood integral, which
/// is also the absolute error of every posterior probability; the spec's integration tolerance is its
/// target.</para>
/// </remarks>
public sealed class ExactBayesFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Engine == EngineKind.ExactBayes && analysis.Model != Contracts.V1.Model.KindOneofCase.RobustAveraging;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var design = analysis.Design;
        var model = Model(analysis);
        var posterior = ExactBayes.Fit(model, analysis.IntegrationTolerance is { } tolerance ? new ExactIntegrationOptions { RelativeTolerance = tolerance } : null);
        cancellationToken.ThrowIfCancellationRequested();

        var result = FitResults.Start(analysis, "exact_bayes", $"Bayesian {Describe(analysis)}, exact");
        var level = analysis.Level;
        var hpd = analysis.Report.Hpd;

        // Named as the sampled models name them: mu for the intercept alone, beta[column] with moderators.
        var names = CoefficientNames(design);
        for (var j = 0; j < names.Length; j++)
        {
            result.Parameters.Add(FitResults.Summary(names[j], posterior.Coefficient(j), level, hpd));
        }

        if (analysis.Subgroups is { } subgroups)
        {
            foreach (var (subgroup, row) in SubgroupDesignRows.Of(analysis, subgroups))
            {
                var mean = FitResults.Summary($"mu[{subgroup}]", posterior.LinearCombination(row), level, hpd);
                result.Parameters.Add(mean);
                result.Subgroups.Add(new SubgroupEstimate { Level = subgroup, K = subgroups.Levels.Count(l => l == subgroup), Posterior = mean });
            }
        }

        foreach (var component in model.Components)
        {
            result.Parameters.Add(FitResults.Summary(component.Name, posterior.Component(component.Name), level, hpd, positive: true));
        }

        if (!model.IsThreeLevel)
        {
            result.Parameters.Add(FitResults.Summary("tau2", posterior.Tau2, level, hpd, positive: true));
            result.Parameters.Add(Percent(FitResults.Summary("i2", posterior.I2, level, hpd, positive: true)));
        }

        if (analysis.Report.Predictive)
        {
            if (design.HasModerators)
            {
                result.Warnings.Add("the predictive distribution of a new study needs its moderators; it is reported for models without moderators only");
            }
            else
            {
                result.Parameters.Add(FitResults.Summary("theta_new", posterior.PredictiveEffect(), level, hpd));
            }
        }

        result.Fit = new ModelFit { Parameters = model.CoefficientCount + model.Components.Count };
        if (analysis.Report.MarginalLikelihood)
        {
            AddEvidence(analysis, posterior, result);
        }

        if (analysis.Report.Loo)
        {
            result.Warnings.Add("PSIS-LOO is reported by the nuts engine; the exact engine reports the log marginal likelihood for model comparison");
        }

        var diagnostics = posterior.Diagnostics;
        result.Diagnostics = new FitDiagnostics { IntegrationError = diagnostics.RelativeErrorEstimate };
        result.Diagnostics.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{diagnostics.Dimensions}-dimensional integration: {diagnostics.Evaluations} evaluations, {diagnostics.Nodes} nodes"));
        if (analysis.SamplingCovariance is { } v && analysis.SamplingCorrelation is { } rho)
        {
            result.SamplingCorrelation = rho;
            result.Diagnostics.Notes.Add(SamplingErrorText.Note(rho, v.Clusters));
        }

        if (analysis.Report.PlotData)
        {
            result.PlotData = PlotData(analysis, posterior, names);
        }

        return result;
    }

    /// <summary>The parameter names of the coefficients: <c>mu</c> for the intercept alone, else <c>beta[column]</c>.</summary>
    public static string[] CoefficientNames(DesignMatrix design)
    {
        ArgumentNullException.ThrowIfNull(design);
        return design.HasModerators || !design.HasIntercept ? design.ColumnNames.Select(n => $"beta[{n}]").ToArray() : ["mu"];
    }

    private static string Describe(ValidatedAnalysis analysis)
    {
        var structure = analysis.ThreeLevel ? "three-level" : "random effects";
        if (analysis.SamplingCorrelation is { } rho)
        {
            structure += $" on V with ρ = {SamplingErrorText.Rho(rho)} within studies";
        }

        return analysis.Subgroups is { } subgroups ? $"{structure}, subgroups by {subgroups.Moderator} (one meta-regression)"
            : analysis.Dose is not null ? $"{structure} dose-response"
            : analysis.Design.HasModerators ? $"{structure} meta-regression"
            : structure;
    }

    private static ExactModel Model(ValidatedAnalysis analysis)
    {
        var priors = analysis.Priors;
        var design = analysis.Design;
        var coefficientPriors = design.ColumnNames.Select(priors.Coefficient).ToArray();
        if (analysis.SamplingCovariance is { } v)
        {
            return ExactModel.ThreeLevel(analysis.Data.Effects, v, design, coefficientPriors, priors.SigmaBetween!, priors.SigmaWithin!);
        }

        return analysis.ThreeLevel
            ? ExactModel.ThreeLevel(analysis.Data.Effects, analysis.Data.Clusters!, design, coefficientPriors, priors.SigmaBetween!, priors.SigmaWithin!)
            : ExactModel.RandomEffects(analysis.Data.Effects, design, coefficientPriors, priors.Tau!);
    }

    private static void AddEvidence(ValidatedAnalysis analysis, ExactPosterior posterior, FitResult result)
    {
        var design = analysis.Design;
        var model = posterior.Model;
        var flat = design.ColumnNames.Where((_, j) => model.CoefficientPriors[j] is null).ToArray();
        if (posterior.LogMarginalLikelihood is { } logMarginal)
        {
            result.Fit.LogMarginalLikelihood = logMarginal;
        }
        else
        {
            result.Warnings.Add($"no marginal likelihood: {string.Join(", ", flat)} {(flat.Length == 1 ? "has" : "have")} a flat prior, which leaves it undefined; give priors.mu and priors.slopes");
        }

        var slopes = design.ColumnNames.Where(n => n != DesignMatrix.InterceptName).ToArray();
        if (!design.HasModerators && design.HasIntercept && flat.Length == 0)
        {
            Add("effect", "effect ≠ 0", posterior.LogBayesFactorEffect());
        }

        if (slopes.Length > 0 && !slopes.Intersect(flat, StringComparer.Ordinal).Any())
        {
            var hypothesis = analysis.Dose is not null ? "dose dependence" : analysis.Subgroups is not null ? "subgroup differences" : "moderator effects";
            Add("slopes", hypothesis, posterior.LogBayesFactorCoefficients(slopes));
        }

        Add("heterogeneity", model.IsThreeLevel ? "heterogeneity (either σ > 0)" : "heterogeneity (τ > 0)", posterior.LogBayesFactorHeterogeneity());
        if (model.IsThreeLevel)
        {
            Add("sigma_between", "between-study variation (σ_between > 0)", posterior.LogBayesFactorComponent("sigma_between"));
        }

        void Add(string hypothesis, string description, double logBayesFactor) =>
            result.BayesFactors.Add(new BayesFactor { Hypothesis = hypothesis, Description = description, LogBayesFactor = logBayesFactor });
    }

    private static PlotData PlotData(ValidatedAnalysis analysis, ExactPosterior posterior, string[] names)
    {
        var plots = new PlotData();
        var design = analysis.Design;
        var priors = analysis.Priors;

        // With moderators the slopes are what a reader looks at; without, the intercept.
        for (var j = 0; j < design.Columns; j++)
        {
            var column = design.ColumnNames[j];
            if (design.HasModerators && column == DesignMatrix.InterceptName)
            {
                continue;
            }

            var coefficient = posterior.Coefficient(j);
            var prior = priors.Coefficient(column);
            plots.Densities.Add(PlotDataBuilder.Density(names[j], coefficient.Density, prior is null ? null : x => Math.Exp(prior.LogDensity(x)), coefficient.Quantile(0.001), coefficient.Quantile(0.999)));
        }

        foreach (var component in posterior.Model.Components)
        {
            var sd = posterior.Component(component.Name);
            var prior = component.Prior!;
            plots.Densities.Add(PlotDataBuilder.Density(component.Name, sd.Density, x => Math.Exp(prior.LogDensity(x)), 0, sd.Quantile(0.995)));
        }

        if (!design.HasModerators)
        {
            foreach (var effect in posterior.StudyEffects())
            {
                var interval = effect.CentralInterval(analysis.Level);
                plots.StudyEstimates.Add(new IntervalEstimate { Estimate = effect.Mean, Lower = interval.Lower, Upper = interval.Upper });
            }
        }

        Func<double, double[]>? row = analysis.Dose is { Basis: not null } dose ? dose.Row
            : analysis.OnlyContinuousModerator is not null && design.HasIntercept ? x => [1, x]
            : null;
        if (row is not null)
        {
            var xs = analysis.Dose?.Doses ?? analysis.OnlyContinuousModerator!.Values;
            plots.Curve = PlotDataBuilder.Band(
                analysis.Dose is not null ? "dose" : analysis.OnlyContinuousModerator!.Name,
                x =>
                {
                    var curve = posterior.LinearCombination(row(x));
                    var interval = curve.CentralInterval(analysis.Level);
                    return (curve.Mean, interval.Lower, interval.Upper);
                },
                xs.Min(),
                xs.Max());
        }

        return plots;
    }

    private static PosteriorParameter Percent(PosteriorParameter summary)
    {
        summary.Mean *= 100;
        summary.Sd *= 100;
        summary.Median *= 100;
        summary.Lower *= 100;
        summary.Upper *= 100;
        if (summary.HasHpdLower)
        {
            summary.HpdLower *= 100;
            summary.HpdUpper *= 100;
        }

        return summary;
    }
}
