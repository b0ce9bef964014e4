using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_ls</c>: the location-scale model <c>rma(yi, vi, mods, scale, link = "log")</c> by REML or ML,
/// as a random-effects model or meta-regression of the contract with scale moderators. Figures:
/// <c>beta se</c> (location), <c>alpha alpha_se</c> (scale, log link), <c>loglik</c>, and the scale test
/// <c>qs qs_pval</c>.
/// </summary>
public sealed class RmaLsTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma_ls";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var link = CaseReader.Text(options, "link") ?? "log";
        if (link != "log")
        {
            throw new UnsupportedCaseException($"link '{link}' is not supported (log)");
        }

        var method = CaseReader.Text(options, "method") ?? "REML";
        if (method is not ("REML" or "ML"))
        {
            throw new UnsupportedCaseException($"method '{method}' is not supported for rma_ls (REML or ML)");
        }

        var data = CaseAnalysis.EffectSizes(testCase.Data);
        var location = CaseAnalysis.ModeratorNames(testCase.Data);
        var scale = CaseReader.Moderators(testCase.Data, "scale_moderators");
        foreach (var moderator in scale)
        {
            if (data.Moderators.FirstOrDefault(m => m.Name == moderator.Name) is { } same)
            {
                // One column per name: a scale moderator that is also a location moderator must be the same column.
                if (moderator is not ContinuousModerator continuous || !same.Continuous.Values.SequenceEqual(continuous.Values))
                {
                    throw new UnsupportedCaseException($"scale moderator '{moderator.Name}' differs from the location moderator of that name");
                }

                continue;
            }

            data.Moderators.Add(moderator switch
            {
                ContinuousModerator m => new ModeratorColumn { Name = m.Name, Continuous = new ContinuousValues { Values = { m.Values } } },
                CategoricalModerator m => new ModeratorColumn { Name = m.Name, Categorical = new CategoricalValues { Values = { m.Values } } },
                _ => throw new FormatException($"data.scale_moderators.{moderator.Name} is neither numeric nor text"),
            });
        }

        var scaleNames = scale.Select(m => m.Name).ToArray();
        var spec = new ModelSpec
        {
            Data = data,
            Model = location.Length == 0
                ? new Model { RandomEffects = new RandomEffectsSpec { ScaleModerators = { scaleNames } } }
                : new Model { MetaRegression = new MetaRegressionSpec { Moderators = { location }, ScaleModerators = { scaleNames } } },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = method } },
            Report = new Reporting { Level = CaseReader.Level(options) },
        };
        var result = CaseAnalysis.Fit(spec);
        if (result.Warnings.Count > 0)
        {
            throw new InvalidOperationException(result.Warnings[0]);
        }

        return new JsonObject
        {
            ["beta"] = Figures.Array(result.Coefficients.Select(c => c.Estimate)),
            ["se"] = Figures.Array(result.Coefficients.Select(c => c.Se)),
            ["alpha"] = Figures.Array(result.Scale.Coefficients.Select(c => c.Estimate)),
            ["alpha_se"] = Figures.Array(result.Scale.Coefficients.Select(c => c.Se)),
            ["qs"] = result.Scale.Test.Statistic,
            ["qs_pval"] = result.Scale.Test.PValue,
            ["loglik"] = result.Fit.LogLikelihood,
        };
    }
}
