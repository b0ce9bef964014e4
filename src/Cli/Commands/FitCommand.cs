using System.CommandLine;
using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>fit</c>: one model, locally — either a model of a plan file (<c>fit plan.yaml --model NAME</c>) or one
/// described by options (<c>fit --data studies.csv --structure three_level --study study</c>). Options are
/// turned into a one-model plan, so they are checked exactly as a plan file is.
/// </summary>
public static class FitCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/>.</summary>
    public static Command Create(CommandStreams streams)
    {
        var plan = new Argument<FileInfo?>("plan") { Description = "A plan file holding the model (optional with --data)", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model") { Description = "The plan's model to fit (needed when the plan has several)" };
        var measure = new Option<string?>("--measure") { Description = "metafor's measure (SMD, SMCC, OR, ...) to compute from raw columns; without it the table needs yi and vi (or sei)" };
        var columns = new Option<string?>("--columns") { Description = "metafor column names mapped to the table's, e.g. m1i=post_mean,m2i=pre_mean" };
        var study = new Option<string?>("--study") { Description = "The study (cluster) column" };
        var imputed = new Option<double?>("--imputed-r") { Description = "Pre/post correlation imputed where none is reported" };
        var engine = new Option<string?>("--engine") { Description = "frequentist (default), exact or nuts" };
        var structure = new Option<string?>("--structure") { Description = "random_effects (default) or three_level" };
        var method = new Option<string?>("--method") { Description = "τ² estimator (REML, DL, ...) of a frequentist fit" };
        var test = new Option<string?>("--test") { Description = "z, t or knha for a frequentist fit" };
        var moderators = new Option<string?>("--moderators") { Description = "Moderator columns, comma-separated" };
        var subgroups = new Option<string?>("--subgroups") { Description = "A column whose levels are analysed as subgroups" };
        var dose = new Option<string?>("--dose") { Description = "The dose column of a dose-response model" };
        var curve = new Option<string?>("--curve") { Description = "linear, spline, log, quadratic or emax" };
        var doseScale = new Option<double?>("--dose-scale") { Description = "Divide the dose by this (e.g. 10000)" };
        var priors = new Option<string?>("--priors") { Description = "Priors as JSON, e.g. {\"tau\": {\"dist\": \"half_normal\", \"scale\": 0.5}}" };
        var options = new BatchOptions();
        var command = new Command("fit", "Fit one model locally and print its estimates, heterogeneity and diagnostics")
        {
            plan, model, measure, columns, study, imputed, engine, structure, method, test, moderators, subgroups, dose, curve, doseScale, priors,
        };
        options.AddTo(command);
        command.SetAction((parse, token) =>
        {
            var file = parse.GetValue(plan);
            var dataFile = parse.GetValue(options.Data);
            Func<(AnalysisPlan, StudyTable)> load = file is not null
                ? () => FromPlan(BatchExecution.LoadPlanFile(file, dataFile), parse.GetValue(model))
                : () =>
                {
                    var data = dataFile ?? throw new InvalidInputException("--data", "is required when no plan file is given");
                    var text = PlanText(
                        parse.GetValue(measure), parse.GetValue(columns), parse.GetValue(study), parse.GetValue(imputed),
                        parse.GetValue(engine), parse.GetValue(structure), parse.GetValue(method), parse.GetValue(test),
                        parse.GetValue(moderators), parse.GetValue(subgroups), parse.GetValue(dose), parse.GetValue(curve), parse.GetValue(doseScale), parse.GetValue(priors));
                    return (PlanReader.Parse(text, "command-line options (JSON)", Environment.CurrentDirectory), StudyTable.Load(data.FullName));
                };
            return Task.FromResult(BatchExecution.Run("fit", load, options.Output(parse, defaultReport: null, modelTables: true), streams, BatchOptions.CommandLine(parse), token));
        });
        return command;
    }

    /// <summary>The plan reduced to one model and no batch-wide checks.</summary>
    public static (AnalysisPlan Plan, StudyTable Table) FromPlan((AnalysisPlan Plan, StudyTable Table) input, string? modelName)
    {
        var (plan, table) = input;
        ArgumentNullException.ThrowIfNull(plan);
        ModelPlan chosen;
        if (modelName is not null)
        {
            chosen = plan.Models.FirstOrDefault(m => m.Name == modelName)
                ?? throw new InvalidInputException("--model", $"'{modelName}' is not a model of the plan; its models are: {string.Join("; ", plan.Models.Select(m => m.Name))}");
        }
        else
        {
            chosen = plan.Models.Count == 1
                ? plan.Models[0]
                : throw new InvalidInputException("--model", $"the plan has {plan.Models.Count} models; name one of: {string.Join("; ", plan.Models.Select(m => m.Name))}");
        }

        return (plan with { Models = [chosen], Sensitivity = null, PublicationBias = new PublicationBiasPlan(false, false, false, false) }, table);
    }

    /// <summary>A one-model plan (JSON) from the command line's options.</summary>
    public static string PlanText(
        string? measure, string? columns, string? study, double? imputedCorrelation, string? engine, string? structure, string? method, string? test,
        string? moderators, string? subgroups, string? dose, string? curve, double? doseScale, string? priors)
    {
        var data = new JsonObject { ["measure"] = measure, ["study"] = study, ["imputed_correlation"] = imputedCorrelation };
        if (columns is not null)
        {
            var mapping = new JsonObject();
            foreach (var pair in columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                mapping[parts[0]] = parts.Length == 2 ? parts[1] : throw new InvalidInputException("--columns", $"'{pair}' is not of the form metafor_name=column");
            }

            data["columns"] = mapping;
        }

        var model = new JsonObject
        {
            ["name"] = "model",
            ["engine"] = engine,
            ["structure"] = structure,
            ["method"] = method,
            ["test"] = test,
            ["subgroups"] = subgroups,
        };
        if (moderators is not null)
        {
            model["moderators"] = new JsonArray(moderators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => (JsonNode)m).ToArray());
        }

        if (dose is not null)
        {
            model["dose"] = new JsonObject { ["column"] = dose, ["curve"] = curve, ["scale"] = doseScale };
        }

        if (priors is not null)
        {
            try
            {
                model["priors"] = JsonNode.Parse(priors) as JsonObject ?? throw new InvalidInputException("--priors", "must be a JSON object");
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new InvalidInputException("--priors", $"is not valid JSON ({ex.Message})");
            }
        }

        var plan = new JsonObject
        {
            ["data"] = RemoveNulls(data),
            ["models"] = new JsonArray(RemoveNulls(model)),
            ["publication_bias"] = new JsonObject { ["egger"] = false, ["begg"] = false, ["trim_and_fill"] = false, ["fail_safe_n"] = false },
        };
        return plan.ToJsonString();
    }

    private static JsonObject RemoveNulls(JsonObject node)
    {
        foreach (var name in node.Where(p => p.Value is null).Select(p => p.Key).ToArray())
        {
            node.Remove(name);
        }

        return node;
    }
}
