using System.CommandLine;
using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>fit</c>: one model, locally — either a model of a plan file (<c>fit plan.yaml --model NAME</c>) or one
/// described by options (<c>fit --data studies.csv --structure three_level --study study</c>). Options are
/// turned into a one-model plan, so they are checked exactly as a plan file is, and every error names the
/// option. An option that would not be used is an error, not ignored: the options that describe a model
/// go without a plan file, --model with one; the sampler's options (--chains, --seed, ...) go with either,
/// and with a plan file change its NUTS model's settings for the run.
/// </summary>
public static class FitCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/>.</summary>
    public static Command Create(CommandStreams streams)
    {
        var plan = new Argument<FileInfo?>("plan") { Description = "A plan file holding the model (optional with --data)", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model") { Description = "The plan's model to fit (needed when the plan has several)" };
        var described = new ModelOptions();
        var options = new BatchOptions(oldCorrelationName: "--imputed-r");
        var command = new Command("fit", "Fit one model locally and print its estimates, heterogeneity and diagnostics") { plan, model };
        described.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, token) =>
        {
            var file = parse.GetValue(plan);
            Func<(AnalysisPlan, StudyTable)> load = file is not null
                ? () =>
                {
                    var sampler = described.GivenSampler(parse).ToArray();
                    if (described.Given(parse).Except(sampler).FirstOrDefault() is { } option)
                    {
                        throw new InvalidInputException(option, "describes a model without a plan file; with a plan file, choose one of its models with --model");
                    }

                    var (chosen, table) = FromPlan(options.LoadPlanFile(parse, file), parse.GetValue(model));
                    if (sampler.Length == 0)
                    {
                        return (chosen, table);
                    }

                    // Sampler options change the plan model's NUTS settings for this run (the plan file stays as it is).
                    var nuts = chosen.Models[0];
                    if (nuts.Engine != ModelEngine.Nuts)
                    {
                        throw new InvalidInputException(sampler[0], $"sets the NUTS sampler, but model '{nuts.Name}' does not use it (engine {nuts.Engine.ToString().ToLowerInvariant()})");
                    }

                    return (chosen with { Models = [nuts with { Sampler = described.OverSampler(parse, nuts.Sampler) }] }, table);
                }
                : () =>
                {
                    if (parse.GetResult(model) is not null)
                    {
                        throw new InvalidInputException("--model", "chooses a model of a plan file; give the plan file, or describe the model with options");
                    }

                    var data = parse.GetValue(options.Data) ?? throw new InvalidInputException("--data", "is required when no plan file is given");
                    return described.Named(parse, () =>
                    {
                        var text = described.PlanText(parse, options.Correlation.Value(parse));
                        var read = (PlanReader.Parse(text, "command-line options (JSON)", Environment.CurrentDirectory), StudyTable.Load(data.FullName));

                        // Checked here, not when it runs, so that an error can still name the option.
                        PlanRequest.Validate(PlanRequest.Build(read.Item1, read.Item2).Request, read.Item1, read.Item2);
                        return read;
                    });
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

        return (plan with { Models = [chosen], Sensitivity = null, RhoSensitivity = null, PublicationBias = new PublicationBiasPlan(false, false, false, false) }, table);
    }
}
