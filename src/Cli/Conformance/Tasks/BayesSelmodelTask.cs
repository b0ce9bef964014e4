using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>bayes_selmodel</c>: the Bayesian step-function selection model (one-sided p-values, <c>alternative:
/// greater</c>) with RoBMA's cumulative Dirichlet prior on the weights, sampled by NUTS. Figures: <c>mu</c>,
/// <c>tau</c> and <c>omega</c> (an array with one entry per p-value interval, the first null because ω₁ = 1
/// is fixed), each {mean sd median q025 q975 mcse}.
/// </summary>
/// <remarks>
/// The contract has no selection model yet, so the case is sampled from Core's <see cref="StepSelectionModel"/>
/// with the sampler settings of the other NUTS cases, its priors read as plans read theirs.
/// </remarks>
public sealed class BayesSelmodelTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "bayes_selmodel";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var selection = testCase.Options["selection"] as JsonObject ?? throw new FormatException("options.selection is required");
        var type = CaseReader.Text(selection, "type");
        if (type != "stepfun")
        {
            throw new UnsupportedCaseException($"selection.type '{type}' is not supported (stepfun is)");
        }

        var alternative = CaseReader.Text(selection, "alternative") ?? "greater";
        if (alternative != "greater")
        {
            throw new UnsupportedCaseException($"selection.alternative '{alternative}' is not supported (greater is)");
        }

        var omegaPrior = CaseReader.Text(selection, "omega_prior");
        if (omegaPrior != "cumulative_dirichlet")
        {
            throw new UnsupportedCaseException($"selection.omega_prior '{omegaPrior}' is not supported (cumulative_dirichlet is)");
        }

        // The model takes the cut points inside (0, 1); the case lists the last interval's end, 1, too.
        var steps = CaseReader.Numbers(selection, "steps");
        var cutPoints = steps.Length > 0 && steps[^1] == 1 ? steps[..^1] : steps;
        var alpha = CaseReader.OptionalNumbers(selection, "alpha") ?? Enumerable.Repeat(1.0, cutPoints.Length + 1).ToArray();

        var priors = NutsCaseReading.Priors(testCase);
        var specs = new Contracts.V1.Priors
        {
            Mu = PriorSpecReader.Normal(priors, "mu", "priors"),
            Tau = PriorSpecReader.Scale(priors, "tau", "priors"),
        };
        var read = Analysis.Validation.PriorReader.Read(specs, "priors");
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var model = new StepSelectionModel(data, cutPoints, read.Mu!, read.Tau!, StepWeightPrior.CumulativeDirichlet(alpha));

        var result = Sampler.Run(model, NutsCaseReading.Options);
        var omega = new JsonArray { null };
        foreach (var name in model.WeightNames)
        {
            omega.Add(NutsCaseReading.Summary(name, result.Draws(name)));
        }

        return new JsonObject
        {
            ["mu"] = NutsCaseReading.Summary("mu", result.Draws("mu")),
            ["tau"] = NutsCaseReading.Summary("tau", result.Draws("tau")),
            ["omega"] = omega,
        };
    }
}
