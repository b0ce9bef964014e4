using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// The options of <c>fit</c> that describe one model without a plan file: the effect sizes (--measure,
/// --columns, --study), the model (--engine, --structure, --method, --test, --moderators, --subgroups,
/// --dose, --curve, --dose-scale, --priors) and the sampler (--chains, --warmup, --iterations, --seed,
/// --target-acceptance). They become a one-model plan (<see cref="PlanText"/>), read and checked as a plan
/// file is; <see cref="Named"/> then names the option where the plan reader or the validator names the
/// plan's field.
/// </summary>
public sealed partial class ModelOptions
{
    private readonly Option<string?> measure = new("--measure") { Description = "metafor's measure (SMD, SMCC, OR, ...) to compute from raw columns; without it the table needs yi and vi (or sei)" };
    private readonly Option<string?> columns = new("--columns") { Description = "metafor column names mapped to the table's, e.g. m1i=post_mean,m2i=pre_mean" };
    private readonly Option<string?> study = new("--study") { Description = "The study (cluster) column" };
    private readonly Option<string?> engine = new("--engine") { Description = "frequentist (default), exact or nuts" };
    private readonly Option<string?> structure = new("--structure") { Description = "random_effects (default) or three_level" };
    private readonly Option<string?> method = new("--method") { Description = "τ² estimator (REML, DL, ...) of a frequentist fit" };
    private readonly Option<string?> test = new("--test") { Description = "z, t or knha for a frequentist fit" };
    private readonly Option<string?> moderators = new("--moderators") { Description = "Moderator columns, comma-separated" };
    private readonly Option<string?> subgroups = new("--subgroups") { Description = "A column whose levels are analysed as subgroups" };
    private readonly Option<string?> dose = new("--dose") { Description = "The dose column of a dose-response model" };
    private readonly Option<string?> curve = new("--curve") { Description = "The dose-response curve (with --dose): linear (default), spline, log, quadratic or emax" };
    private readonly Option<double?> doseScale = new("--dose-scale") { Description = "Divide the dose by this, e.g. 10000 (with --dose)" };
    private readonly Option<string?> priors = new("--priors") { Description = "Priors as JSON, e.g. {\"tau\": {\"dist\": \"half_normal\", \"scale\": 0.5}}" };
    private readonly Option<int?> chains = new("--chains") { Description = "NUTS: number of chains (default 4)" };
    private readonly Option<int?> warmup = new("--warmup") { Description = "NUTS: warm-up iterations per chain (default 1000)" };
    private readonly Option<int?> iterations = new("--iterations") { Description = "NUTS: kept iterations per chain (default 1000)" };
    private readonly Option<int?> seed = new("--seed") { Description = "NUTS: seed of the chains' random streams (default 20240601)" };
    private readonly Option<double?> targetAcceptance = new("--target-acceptance") { Description = "NUTS: target acceptance rate of the step-size adaptation (default 0.9)" };

    private Option[] All => [measure, columns, study, engine, structure, method, test, moderators, subgroups, dose, curve, doseScale, priors, .. Sampler];

    private Option[] Sampler => [chains, warmup, iterations, seed, targetAcceptance];

    /// <summary>The plan's field (a prefix of the field path) → the option that sets it; the first that matches applies.</summary>
    private (Regex Field, Option Option)[] Fields =>
    [
        (FieldPattern(@"data\.measure"), measure),
        (FieldPattern(@"data\.columns"), columns),
        (FieldPattern(@"data\.study"), study),
        (FieldPattern(@"models(\[0\])?\.dose\.column"), dose),
        (FieldPattern(@"models\[0\]\.dose\.curve"), curve),
        (FieldPattern(@"models\[0\]\.dose\.scale"), doseScale),
        (FieldPattern(@"models\[0\]\.dose"), dose),
        (FieldPattern(@"models\[0\]\.engine"), engine),
        (FieldPattern(@"models\[0\]\.structure"), structure),
        (FieldPattern(@"models\[0\]\.method"), method),
        (FieldPattern(@"models\[0\]\.test"), test),
        (FieldPattern(@"models\[0\]\.moderators"), moderators),
        (FieldPattern(@"models\[0\]\.subgroups"), subgroups),
        (FieldPattern(@"models\[0\]\.priors"), priors),
        (FieldPattern(@"models\[0\]\.sampler\.chains"), chains),
        (FieldPattern(@"models\[0\]\.sampler\.warmup"), warmup),
        (FieldPattern(@"models\[0\]\.sampler\.(iterations|sampling_iterations)"), iterations),
        (FieldPattern(@"models\[0\]\.sampler\.seed"), seed),
        (FieldPattern(@"models\[0\]\.sampler\.target_acceptance"), targetAcceptance),
    ];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The names of the options given on the command line.</summary>
    public IEnumerable<string> Given(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return All.Where(o => parse.GetResult(o) is not null).Select(o => o.Name);
    }

    /// <summary>The names of the sampler options given (--chains, --warmup, ...): with a plan file, these change its NUTS model's settings.</summary>
    public IEnumerable<string> GivenSampler(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Sampler.Where(o => parse.GetResult(o) is not null).Select(o => o.Name);
    }

    /// <summary>The sampler options given, over <paramref name="sampler"/> (a plan model's own settings); each checked, an error naming its option.</summary>
    public SamplerPlan OverSampler(ParseResult parse, SamplerPlan sampler)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(sampler);
        if (parse.GetValue(seed) is < 0 and var negative)
        {
            throw new InvalidInputException(seed.Name, $"must be a whole number of at least 0, got {negative}");
        }

        var result = sampler with
        {
            Chains = parse.GetValue(chains) ?? sampler.Chains,
            Warmup = parse.GetValue(warmup) ?? sampler.Warmup,
            Iterations = parse.GetValue(iterations) ?? sampler.Iterations,
            Seed = parse.GetValue(seed) is { } given ? (ulong)given : sampler.Seed,
            TargetAcceptance = parse.GetValue(targetAcceptance) ?? sampler.TargetAcceptance,
        };
        try
        {
            result.ToOptions().Validate();
        }
        catch (InvalidInputException ex)
        {
            Option? option = ex.Field switch
            {
                "sampler.chains" => chains,
                "sampler.warmup_iterations" => warmup,
                "sampler.sampling_iterations" => iterations,
                "sampler.target_acceptance" => targetAcceptance,
                _ => null,
            };
            throw option is null ? ex : new InvalidInputException(option.Name, ex.Problem);
        }

        return result;
    }

    /// <summary>
    /// Runs <paramref name="read"/> (reading and checking the plan of <see cref="PlanText"/>); a problem it
    /// finds in a field an option sets is reported as a problem of that option.
    /// </summary>
    public T Named<T>(ParseResult parse, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (InvalidInputException ex)
        {
            throw Rename(ex, parse);
        }
    }

    /// <summary>A one-model plan (JSON) from the options given, with <paramref name="imputedCorrelation"/>.</summary>
    /// <exception cref="InvalidInputException">An option that only goes with another is given alone, or one cannot be read.</exception>
    public string PlanText(ParseResult parse, double? imputedCorrelation)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var data = new JsonObject { ["measure"] = parse.GetValue(measure), ["study"] = parse.GetValue(study), ["imputed_correlation"] = imputedCorrelation };
        if (parse.GetValue(columns) is { } mapping)
        {
            data["columns"] = ColumnMapping(mapping);
        }

        var model = new JsonObject
        {
            ["name"] = "model",
            ["engine"] = parse.GetValue(engine),
            ["structure"] = parse.GetValue(structure),
            ["method"] = parse.GetValue(method),
            ["test"] = parse.GetValue(test),
            ["subgroups"] = parse.GetValue(subgroups),
        };
        if (parse.GetValue(moderators) is { } names)
        {
            model["moderators"] = new JsonArray(names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => (JsonNode)m).ToArray());
        }

        if (parse.GetValue(dose) is { } column)
        {
            model["dose"] = RemoveNulls(new JsonObject { ["column"] = column, ["curve"] = parse.GetValue(curve), ["scale"] = parse.GetValue(doseScale) });
        }
        else if (new Option[] { curve, doseScale }.FirstOrDefault(o => parse.GetResult(o) is not null) is { } alone)
        {
            throw new InvalidInputException(alone.Name, "describes a dose-response curve: give the dose column with --dose");
        }

        if (parse.GetValue(priors) is { } text)
        {
            try
            {
                model["priors"] = JsonNode.Parse(text) as JsonObject ?? throw new InvalidInputException(priors.Name, "must be a JSON object");
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new InvalidInputException(priors.Name, $"is not valid JSON ({ex.Message})");
            }
        }

        var sampler = RemoveNulls(new JsonObject
        {
            ["chains"] = parse.GetValue(chains),
            ["warmup"] = parse.GetValue(warmup),
            ["iterations"] = parse.GetValue(iterations),
            ["seed"] = parse.GetValue(seed),
            ["target_acceptance"] = parse.GetValue(targetAcceptance),
        });
        if (sampler.Count > 0)
        {
            model["sampler"] = sampler;
        }

        var plan = new JsonObject
        {
            ["data"] = RemoveNulls(data),
            ["models"] = new JsonArray(RemoveNulls(model)),
            ["publication_bias"] = new JsonObject { ["egger"] = false, ["begg"] = false, ["trim_and_fill"] = false, ["fail_safe_n"] = false },
        };
        return plan.ToJsonString();
    }

    private static JsonObject ColumnMapping(string text)
    {
        var mapping = new JsonObject();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            mapping[parts[0]] = parts.Length == 2 ? parts[1] : throw new InvalidInputException("--columns", $"'{pair}' is not of the form metafor_name=column");
        }

        return mapping;
    }

    private InvalidInputException Rename(InvalidInputException exception, ParseResult parse)
    {
        foreach (var (field, option) in Fields)
        {
            if (field.Match(exception.Field) is { Success: true } match)
            {
                var rest = exception.Field[match.Length..].TrimStart('.');
                return new InvalidInputException(option.Name, (rest.Length > 0 ? $"{rest}: " : string.Empty) + InOptionWords(exception.Problem));
            }
        }

        if (exception.Field == "models[0].sampler" && Sampler.FirstOrDefault(o => parse.GetResult(o) is not null) is { } given)
        {
            return new InvalidInputException(given.Name, InOptionWords(exception.Problem));
        }

        return exception;
    }

    /// <summary>A problem in the plan's words (<c>set engine: nuts</c>) in the options' (<c>set --engine nuts</c>).</summary>
    private static string InOptionWords(string problem) => PlanSetting().Replace(problem, "--$1 $2");

    private static Regex FieldPattern(string prefix) => new($"^{prefix}(?=$|[.\\[])", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\b(engine|structure|method|test): (\w+)")]
    private static partial Regex PlanSetting();

    private static JsonObject RemoveNulls(JsonObject node)
    {
        foreach (var name in node.Where(p => p.Value is null).Select(p => p.Key).ToArray())
        {
            node.Remove(name);
        }

        return node;
    }
}
