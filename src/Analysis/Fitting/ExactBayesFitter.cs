using System.Globalization;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Exact Bayesian fits of the models that are Gaussian given their variance components (random effects,
/// meta-regression, linear and spline dose-response, three-level): the posterior is integrated
/// numerically over τ (or σ_between and σ_within), so every summary is exact up to the reported
/// integration error.
/// </summary>
/// <remarks>
/// <para>Parameters: the coefficients (<c>mu</c>, or <c>beta[column]</c> with moderators), each subgroup's
/// mean <c>mu[level]</c> (subgroups: a meta-regression on the subgroups with a common τ), then <c>tau</c>,
/// <c>tau2</c> and <c>i2</c> (percent) or <c>sigma_between</c> and <c>sigma_within</c>, and <c>theta_new</c>
/// (a new study's true effect) when the predictive distribution is asked for. A coefficient without a prior
/// in the spec has a flat prior.</para>
/// <para>With <c>report.marginal_likelihood</c>: the log marginal likelihood (proper coefficient priors
/// only: a flat prior leaves it undefined) and log Bayes factors of the model against the same model with
/// a part removed, positive when the data favour the part: <c>log_bf_effect</c> (μ = 0),
/// <c>log_bf_slopes</c> (every coefficient but the intercept = 0), <c>log_bf_heterogeneity</c> (every
/// variance component = 0), <c>log_bf_sigma_between</c> (σ_between = 0). Each Bayes factor is one more
/// integration, so they are computed only when asked for.</para>
/// <para>The integration error is the estimated relative error of the marginal likelihood integral, which
/// is also the absolute error of every posterior probability; the spec's integration tolerance is its
/// target.</para>
/// </remarks>
public sealed class ExactBayesFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Engine == EngineKind.ExactBayes;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var design = request.Design;
        var model = Model(request, design);
        var tolerance = spec.Engine.ExactBayes.IntegrationTolerance;
        var posterior = ExactBayes.Fit(model, tolerance > 0 ? new ExactIntegrationOptions { RelativeTolerance = tolerance } : null);
        cancellationToken.ThrowIfCancellationRequested();

        var result = FitResults.Start(request, "exact_bayes");
        var level = request.Level;
        var hpd = spec.Report?.Hpd == true;
        // Named as the sampled models name them: mu for the intercept alone, beta[column] with moderators.
        var names = design.HasModerators ? design.ColumnNames.Select(n => $"beta[{n}]").ToArray() : ["mu"];
        for (var j = 0; j < names.Length; j++)
        {
            result.Parameters.Add(FitResults.Summary(names[j], posterior.Coefficient(j), level, hpd));
        }

        foreach (var (name, row) in SubgroupRows.Of(request))
        {
            result.Parameters.Add(FitResults.Summary(name, posterior.LinearCombination(row), level, hpd));
        }

        foreach (var component in model.Components)
        {
            result.Parameters.Add(FitResults.Summary(component.Name, posterior.Component(component.Name), level, hpd));
        }

        if (!model.IsThreeLevel)
        {
            result.Parameters.Add(FitResults.Summary("tau2", posterior.Tau2, level, hpd));
            result.Parameters.Add(Percent(FitResults.Summary("i2", posterior.I2, level, hpd)));
        }

        if (spec.Report?.Predictive == true)
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

        if (spec.Report?.MarginalLikelihood == true)
        {
            AddEvidence(posterior, design, result);
        }

        if (spec.Report?.Loo == true)
        {
            result.Warnings.Add("PSIS-LOO is reported by the nuts engine; the exact engine reports the log marginal likelihood for model comparison");
        }

        result.Fit ??= new ModelFit();
        result.Fit.Parameters = model.CoefficientCount + model.Components.Count;
        var diagnostics = posterior.Diagnostics;
        result.Diagnostics = new Diagnostics { IntegrationError = diagnostics.RelativeErrorEstimate };
        result.Diagnostics.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{diagnostics.Dimensions}-dimensional integration: {diagnostics.Evaluations} evaluations, {diagnostics.Nodes} nodes"));
        return result;
    }

    private static ExactModel Model(AnalysisRequest request, DesignMatrix design)
    {
        // The priors passed validation, so the paths below never reach a client.
        var priors = request.Spec.Priors;
        const string priorsPath = "spec.priors";
        var mu = PriorReader.Normal(priors.Mu, $"{priorsPath}.mu");
        var slopes = PriorReader.Normal(priors.Slopes, $"{priorsPath}.slopes");
        var coefficientPriors = design.ColumnNames.Select(name => name == "intrcpt" ? mu : slopes).ToArray();
        return request.Model == Contracts.V1.Model.KindOneofCase.ThreeLevel
            ? ExactModel.ThreeLevel(request.Data.Effects, request.Data.Clusters!, design, coefficientPriors, Scale(priors.SigmaBetween, $"{priorsPath}.sigma_between"), Scale(priors.SigmaWithin, $"{priorsPath}.sigma_within"))
            : ExactModel.RandomEffects(request.Data.Effects, design, coefficientPriors, Scale(priors.Tau, $"{priorsPath}.tau"));
    }

    private static ScalePrior Scale(ScalePriorSpec? prior, string path) =>
        PriorReader.Scale(prior, path) ?? throw new InvalidOperationException($"{path} is required and passed validation without it");

    private static void AddEvidence(ExactPosterior posterior, DesignMatrix design, FitResult result)
    {
        var model = posterior.Model;
        var flat = design.ColumnNames.Where((_, j) => model.CoefficientPriors[j] is null).ToArray();
        if (posterior.LogMarginalLikelihood is { } logMarginal)
        {
            result.Fit = new ModelFit { LogMarginalLikelihood = logMarginal };
        }
        else
        {
            result.Warnings.Add($"no marginal likelihood: {string.Join(", ", flat)} {(flat.Length == 1 ? "has" : "have")} a flat prior, which leaves it undefined; give priors.mu and priors.slopes");
        }

        var slopes = design.ColumnNames.Where(n => n != "intrcpt").ToArray();
        if (!design.HasModerators && design.HasIntercept && flat.Length == 0)
        {
            result.Add("log_bf_effect", posterior.LogBayesFactorEffect());
        }

        if (slopes.Length > 0 && !slopes.Intersect(flat, StringComparer.Ordinal).Any())
        {
            result.Add("log_bf_slopes", posterior.LogBayesFactorCoefficients(slopes));
        }

        result.Add("log_bf_heterogeneity", posterior.LogBayesFactorHeterogeneity());
        if (model.IsThreeLevel)
        {
            result.Add("log_bf_sigma_between", posterior.LogBayesFactorComponent("sigma_between"));
        }
    }

    private static ParameterSummary Percent(ParameterSummary summary)
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
