using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>bayes_rma</c>: Bayesian random-effects meta-analysis and meta-regression. Normal random effects go
/// to the exact engine; a non-normal random-effects distribution (<c>random_effects</c>) has no conjugate
/// structure and goes to NUTS.
/// </summary>
public sealed class BayesRmaTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "bayes_rma";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (NutsBayesRmaCases.Handles(testCase))
        {
            return NutsBayesRmaCases.Run(testCase);
        }

        var moderators = CaseAnalysis.ModeratorNames(testCase.Data);
        var model = moderators.Length == 0
            ? new Model { RandomEffects = new RandomEffectsSpec() }
            : new Model { MetaRegression = new MetaRegressionSpec { Moderators = { moderators } } };
        return ExactFigures(testCase, model, moderators.Length > 0, "tau");
    }

    /// <summary>
    /// Fits <paramref name="model"/> on the exact engine with the case's priors on the coefficients and on
    /// <paramref name="scales"/>, and reads the coefficients (<c>mu</c> and <c>theta_new</c>, or <c>beta</c>),
    /// the standard deviations, <c>log_ml</c> and the Bayes factors.
    /// </summary>
    internal static JsonObject ExactFigures(ConformanceCase testCase, Model model, bool hasModerators, params string[] scales)
    {
        var spec = new ModelSpec
        {
            Data = CaseAnalysis.EffectSizes(testCase.Data),
            Model = model,
            Engine = new Engine { ExactBayes = new ExactBayesEngine() },
            Priors = CaseAnalysis.Priors(testCase.Options, [.. scales, "mu", .. hasModerators ? ["slopes"] : Array.Empty<string>()]),
            Report = new Reporting { Predictive = !hasModerators, MarginalLikelihood = true },
        };
        var result = CaseAnalysis.Fit(spec);
        var figures = new JsonObject();
        if (hasModerators)
        {
            figures["beta"] = Figures.Coefficients(result);
        }
        else
        {
            figures["mu"] = Figures.Summary(Figures.Parameter(result, "mu"));
            figures["theta_new"] = Figures.Summary(Figures.Parameter(result, "theta_new"));
        }

        foreach (var scale in scales)
        {
            figures[scale] = Figures.Summary(Figures.Parameter(result, scale));
        }

        Figures.Add(figures, "log_ml", result.Fit.HasLogMarginalLikelihood ? result.Fit.LogMarginalLikelihood : null);
        Figures.Add(figures, "log_bf_effect", Figures.LogBayesFactor(result, "effect"));
        Figures.Add(figures, "log_bf_heterogeneity", Figures.LogBayesFactor(result, "heterogeneity"));
        return figures;
    }
}
