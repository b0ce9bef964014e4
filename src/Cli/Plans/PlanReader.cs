using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Json;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// Reads an analysis plan from YAML or JSON and checks it completely before anything runs. Every problem is
/// an <see cref="InvalidInputException"/> naming the field path (<c>models[3].dose.curve</c>).
/// </summary>
public static class PlanReader
{
    private static readonly string[] DiagnosticsFields = ["influence", "cumulative", "three_level", "rho"];
    private static readonly string[] RootFields = ["title", "data", "models", "sensitivity", "rho_sensitivity", "publication_bias", "diagnostics"];
    private static readonly string[] DataFields = ["file", "measure", "columns", "imputed_correlation", "study", "label", "missing"];
    private static readonly string[] ModelFields = ["name", "engine", "structure", "method", "test", "moderators", "reference", "subgroups", "dose", "robust", "rho", "scale_moderators", "permutation", "priors", "sampler", "averaging", "selection"];
    private static readonly string[] AveragingFields = ["effect", "heterogeneity", "bias"];
    private static readonly string[] PermutationFields = ["iterations", "seed"];
    private static readonly string[] DoseFields = ["column", "curve", "scale", "knots", "unit"];
    private static readonly string[] SamplerFields = ["chains", "warmup", "iterations", "seed", "target_acceptance"];
    private static readonly string[] SensitivityFields = ["correlations", "models"];
    private static readonly string[] BiasFields = ["egger", "begg", "trim_and_fill", "fail_safe_n", "pet_peese", "pet_peese_direction", "selection_models"];
    private static readonly string[] SelectionFields = ["type", "steps", "alternative"];
    private static readonly string[] RobustTypes = ["CR0", "CR1", "CR1p", "CR2"];

    private static readonly Dictionary<string, ModelEngine> Engines = new(StringComparer.Ordinal)
    {
        ["frequentist"] = ModelEngine.Frequentist,
        ["exact"] = ModelEngine.Exact,
        ["nuts"] = ModelEngine.Nuts,
    };

    private static readonly Dictionary<string, ModelStructure> Structures = new(StringComparer.Ordinal)
    {
        ["random_effects"] = ModelStructure.RandomEffects,
        ["three_level"] = ModelStructure.ThreeLevel,
        ["binomial_normal"] = ModelStructure.BinomialNormal,
    };

    private static readonly Dictionary<string, DoseCurve> Curves = new(StringComparer.Ordinal)
    {
        ["linear"] = DoseCurve.Linear,
        ["spline"] = DoseCurve.Spline,
        ["log"] = DoseCurve.Logarithmic,
        ["quadratic"] = DoseCurve.Quadratic,
        ["emax"] = DoseCurve.Emax,
    };

    /// <summary>Reads the plan file at <paramref name="path"/>; relative paths in it are resolved against its folder.</summary>
    public static AnalysisPlan Load(string path)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetFileName(full), Path.GetDirectoryName(full));
    }

    /// <summary>
    /// Reads plan text: JSON when <paramref name="source"/> ends in <c>.json</c> or the text starts with
    /// <c>{</c>, YAML otherwise.
    /// </summary>
    public static AnalysisPlan Parse(string text, string source, string? directory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var isJson = source.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        var root = isJson ? ParseJson(text, source) : YamlToJson.Convert(text, source);
        if (root is not JsonObject plan)
        {
            throw new InvalidInputException(source, "a plan must be an object with data and models");
        }

        PlanFields.RequireKnown(plan, string.Empty, RootFields);
        var data = Data(JsonValues.Child(plan, "data") ?? new JsonObject());
        var models = Models(plan);
        var sensitivity = JsonValues.Child(plan, "sensitivity") is { } s ? Sensitivity(s, models) : null;
        if (sensitivity is not null && data.Measure is null)
        {
            throw new InvalidInputException("sensitivity", "needs data.measure: the effect sizes are recomputed at each assumed correlation");
        }

        var rhoSensitivity = JsonValues.Child(plan, "rho_sensitivity") is { } rs ? RhoSensitivity(rs, models) : null;
        var bias = JsonValues.Child(plan, "publication_bias") is { } b ? PublicationBias(b) : new PublicationBiasPlan();
        var diagnostics = JsonValues.Child(plan, "diagnostics") is { } d ? Diagnostics(d) : new DiagnosticsPlan();
        var title = JsonValues.Text(plan, "title") ?? Path.GetFileNameWithoutExtension(source);
        return new AnalysisPlan(title, data, models, sensitivity, bias, source, text, directory) { Diagnostics = diagnostics, RhoSensitivity = rhoSensitivity };
    }

    private static JsonNode? ParseJson(string text, string source)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(source, string.Create(CultureInfo.InvariantCulture, $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}"));
        }
    }

    private static DataPlan Data(JsonObject node)
    {
        const string Path = "data";
        PlanFields.RequireKnown(node, Path, DataFields);
        var measure = JsonValues.Text(node, "measure", Path);
        if (measure is not null)
        {
            measure = EffectSizeMeasureCode.Of(EffectSizeMeasureCode.Parse(measure, "data.measure"));
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonValues.Child(node, "columns", Path) is { } mapping)
        {
            foreach (var (name, _) in mapping)
            {
                columns[name] = JsonValues.Text(mapping, name, "data.columns")!;
            }
        }

        var imputed = JsonValues.Number(node, "imputed_correlation", Path);
        if (imputed is { } r && !(r >= -1 && r <= 1))
        {
            throw new InvalidInputException("data.imputed_correlation", string.Create(CultureInfo.InvariantCulture, $"must be a correlation in [-1, 1], got {r}"));
        }

        var missing = JsonValues.Text(node, "missing", Path) ?? "omit";
        if (missing is not ("omit" or "fail"))
        {
            throw new InvalidInputException("data.missing", $"must be omit (leave out effects with a missing value, with a note) or fail; got {MetaAnalysis.Analysis.Validation.AnalysisValidator.Quote(missing)}");
        }

        return new DataPlan(JsonValues.Text(node, "file", Path), measure, columns, imputed, JsonValues.Text(node, "study", Path), JsonValues.TextList(node, "label", Path) ?? [], missing == "fail");
    }

    private static List<ModelPlan> Models(JsonObject plan)
    {
        if (plan["models"] is not JsonArray array || array.Count == 0)
        {
            throw new InvalidInputException("models", "is required: a list of at least one model");
        }

        var models = new List<ModelPlan>();
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"models[{i}]";
            var node = array[i] as JsonObject ?? throw new InvalidInputException(path, "must be an object");
            var model = Model(node, path, i);
            if (models.Any(m => m.Name == model.Name))
            {
                throw new InvalidInputException($"{path}.name", $"'{model.Name}' is already the name of another model");
            }

            models.Add(model);
        }

        return models;
    }

    private static ModelPlan Model(JsonObject node, string path, int index)
    {
        PlanFields.RequireKnown(node, path, ModelFields);
        var name = JsonValues.Text(node, "name", path);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidInputException($"{path}.name", "is required");
        }

        var engine = PlanFields.Choice(JsonValues.Text(node, "engine", path), $"{path}.engine", Engines, ModelEngine.Frequentist);
        var structure = PlanFields.Choice(JsonValues.Text(node, "structure", path), $"{path}.structure", Structures, ModelStructure.RandomEffects);
        string[] moderators = JsonValues.TextList(node, "moderators", path) ?? [];
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonValues.Child(node, "reference", path) is { } reference)
        {
            foreach (var (column, _) in reference)
            {
                if (!moderators.Contains(column))
                {
                    throw new InvalidInputException($"{path}.reference.{column}", "names a column that is not among the model's moderators");
                }

                references[column] = JsonValues.Text(reference, column, $"{path}.reference")!;
            }
        }

        var subgroups = JsonValues.Text(node, "subgroups", path);
        var dose = JsonValues.Child(node, "dose", path) is { } d ? Dose(d, $"{path}.dose") : null;
        var robust = JsonValues.Text(node, "robust", path);
        // The GLMM is fitted by maximum likelihood only (metafor's rma.glmm).
        var method = JsonValues.Text(node, "method", path) ?? (structure == ModelStructure.BinomialNormal ? "ML" : "REML");
        var test = JsonValues.Text(node, "test", path) ?? "z";
        CheckCombination(path, engine, structure, moderators, subgroups, dose, robust, node);
        CheckFrequentistOptions(path, engine, structure, method, test, robust);
        var rho = SamplingCorrelation(node, path, engine, structure, subgroups, dose);
        string[] scaleModerators = JsonValues.TextList(node, "scale_moderators", path) ?? [];
        CheckLocationScale(path, engine, structure, scaleModerators, subgroups, dose, method, test);
        var permutation = node["permutation"] is { } permutationNode ? Permutation(permutationNode, $"{path}.permutation", engine, structure, scaleModerators, subgroups, dose, test) : null;
        if (structure == ModelStructure.BinomialNormal && (moderators.Length > 0 || subgroups is not null || dose is not null))
        {
            throw new InvalidInputException($"{path}.structure", "binomial_normal models the 2x2 tables without moderators, subgroups or a dose");
        }

        var priorsNode = JsonValues.Child(node, "priors", path);
        if (JsonValues.Child(node, "averaging", path) is { } averaging)
        {
            return new ModelPlan(name, engine, structure, method, test, moderators, references, subgroups, dose, robust, null, null, new SamplerPlan(), index)
            {
                Averaging = Averaging(averaging, node, engine, $"{path}.averaging", path),
            };
        }

        Contracts.V1.Priors? priors = null;
        if (engine == ModelEngine.Frequentist)
        {
            if (priorsNode is not null)
            {
                throw new InvalidInputException($"{path}.priors", "are for Bayesian models; set engine: exact or nuts");
            }
        }
        else
        {
            priors = PlanPriors.Read(priorsNode, engine, structure, dose?.Curve, path, scaleModerators.Length > 0);
            if (engine == ModelEngine.Nuts && (moderators.Length > 0 || dose is { Curve: not DoseCurve.Emax }) && priors.Slopes is null)
            {
                throw new InvalidInputException($"{path}.priors.slopes", "is required: the sampler needs a proper normal prior on every coefficient");
            }
        }

        var sampler = JsonValues.Child(node, "sampler", path) is { } s ? Sampler(s, $"{path}.sampler") : new SamplerPlan();
        return new ModelPlan(name, engine, structure, method, test, moderators, references, subgroups, dose, robust, priors, priorsNode?.ToJsonString(), sampler, index)
        {
            SamplingCorrelation = rho,
            ScaleModerators = scaleModerators,
            Permutation = permutation,
            SelectionSteps = JsonValues.Child(node, "selection", path) is { } selection ? SelectionSteps(selection, engine, structure, moderators, subgroups, dose, path) : null,
        };
    }

    /// <summary><c>scale_moderators</c>: a location-scale model, random effects (or a meta-regression) by REML or ML with z tests, or on NUTS.</summary>
    private static void CheckLocationScale(string path, ModelEngine engine, ModelStructure structure, string[] scaleModerators, string? subgroups, DosePlan? dose, string method, string test)
    {
        if (scaleModerators.Length == 0)
        {
            return;
        }

        var field = $"{path}.scale_moderators";
        if (engine == ModelEngine.Exact || structure != ModelStructure.RandomEffects || subgroups is not null || dose is not null)
        {
            throw new InvalidInputException(field, "make a location-scale model of a random-effects model or meta-regression (no subgroups, dose or three levels), frequentist or on NUTS");
        }

        if (engine == ModelEngine.Nuts)
        {
            return;
        }

        if (method.ToUpperInvariant() is not ("REML" or "ML"))
        {
            throw new InvalidInputException($"{path}.method", $"a location-scale model is fitted by REML or ML, got '{method}'");
        }

        if (!test.Equals("z", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException($"{path}.test", $"a location-scale model has z tests, got '{test}'");
        }
    }

    /// <summary><c>permutation</c>: <c>true</c>, or <c>{ iterations, seed }</c>, on a frequentist random-effects model or meta-regression.</summary>
    private static PermutationPlan Permutation(JsonNode node, string path, ModelEngine engine, ModelStructure structure, string[] scaleModerators, string? subgroups, DosePlan? dose, string test)
    {
        if (engine != ModelEngine.Frequentist || structure != ModelStructure.RandomEffects || scaleModerators.Length > 0 || subgroups is not null || dose is not null)
        {
            throw new InvalidInputException(path, "is a permutation test of a frequentist random-effects model or meta-regression (no scale moderators, subgroups, dose or three levels)");
        }

        if (test.Equals("t", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(path, "permutation tests take z or Knapp-Hartung statistics, not t tests");
        }

        if (node is JsonValue flag && flag.TryGetValue<bool>(out var on))
        {
            return on ? new PermutationPlan() : throw new InvalidInputException(path, "is true or { iterations, seed }; leave it out for no permutation test");
        }

        var permutation = node as JsonObject ?? throw new InvalidInputException(path, "is true or { iterations, seed }");
        PlanFields.RequireKnown(permutation, path, PermutationFields);
        var defaults = new PermutationPlan();
        var iterations = JsonValues.WholeNumber(permutation, "iterations", path) ?? defaults.Iterations;
        if (iterations < 2 || iterations > MetaAnalysis.Analysis.Validation.SpecLimits.MaxPermutations)
        {
            throw new InvalidInputException($"{path}.iterations", string.Create(CultureInfo.InvariantCulture, $"must be 2 to {MetaAnalysis.Analysis.Validation.SpecLimits.MaxPermutations}, got {iterations}"));
        }

        var seed = JsonValues.WholeNumber(permutation, "seed", path) ?? defaults.Seed;
        if (seed < 0)
        {
            throw new InvalidInputException($"{path}.seed", string.Create(CultureInfo.InvariantCulture, $"must be a whole number of at least 0, got {seed}"));
        }

        return new PermutationPlan(iterations, seed);
    }

    /// <summary>
    /// <c>rho</c>: the working correlation of the sampling errors within studies, on a three-level model
    /// (not a dose curve or subgroups). Whether it keeps V positive definite depends on the data's studies,
    /// which the validator checks.
    /// </summary>
    private static double? SamplingCorrelation(JsonObject node, string path, ModelEngine engine, ModelStructure structure, string? subgroups, DosePlan? dose)
    {
        if (JsonValues.Number(node, "rho", path) is not { } rho)
        {
            return null;
        }

        if (structure != ModelStructure.ThreeLevel || subgroups is not null || dose is not null)
        {
            throw new InvalidInputException($"{path}.rho", "is the working correlation of the sampling errors within studies of a three-level model (structure: three_level, without subgroups or a dose)");
        }

        if (engine == ModelEngine.Nuts)
        {
            throw new InvalidInputException($"{path}.rho", "correlated sampling errors are fitted by the frequentist and exact engines, not by NUTS");
        }

        if (!(rho >= -1 && rho <= 1))
        {
            throw new InvalidInputException($"{path}.rho", string.Create(CultureInfo.InvariantCulture, $"must be a correlation in [-1, 1], got {rho}"));
        }

        return rho;
    }

    /// <summary><c>rho_sensitivity</c>: three-level models refitted at each working correlation of their sampling errors.</summary>
    private static SensitivityPlan RhoSensitivity(JsonObject node, IReadOnlyList<ModelPlan> models)
    {
        const string Path = "rho_sensitivity";
        PlanFields.RequireKnown(node, Path, SensitivityFields);
        var correlations = JsonValues.Numbers(node, "correlations", Path) ?? throw new InvalidInputException($"{Path}.correlations", "is required");
        Guard.Correlation(correlations, $"{Path}.correlations");
        var names = JsonValues.TextList(node, "models", Path) ?? throw new InvalidInputException($"{Path}.models", "is required");
        for (var i = 0; i < names.Length; i++)
        {
            var model = models.FirstOrDefault(m => m.Name == names[i]) ?? throw new InvalidInputException($"{Path}.models[{i}]", $"'{names[i]}' is not the name of a model in the plan");
            if (model.Structure != ModelStructure.ThreeLevel || model.Subgroups is not null || model.Dose is not null || model.Engine == ModelEngine.Nuts)
            {
                throw new InvalidInputException($"{Path}.models[{i}]", $"'{names[i]}' is not a frequentist or exact three-level model (structure: three_level, without subgroups or a dose); only those are refitted with another ρ");
            }
        }

        return new SensitivityPlan(correlations, names);
    }

    private static void CheckCombination(string path, ModelEngine engine, ModelStructure structure, string[] moderators, string? subgroups, DosePlan? dose, string? robust, JsonObject node)
    {
        if (subgroups is not null && (moderators.Length > 0 || dose is not null))
        {
            throw new InvalidInputException($"{path}.subgroups", "cannot be combined with moderators or a dose; use moderators for a meta-regression on the same column");
        }

        if (subgroups is not null && engine == ModelEngine.Nuts)
        {
            throw new InvalidInputException($"{path}.subgroups", "are fitted by the frequentist or the exact engine, not by NUTS");
        }

        if (subgroups is not null && engine == ModelEngine.Frequentist && structure == ModelStructure.ThreeLevel)
        {
            throw new InvalidInputException($"{path}.subgroups", "with three levels: use moderators on the subgroup column instead (a three-level meta-regression)");
        }

        if (dose?.Curve == DoseCurve.Emax)
        {
            if (engine != ModelEngine.Nuts)
            {
                throw new InvalidInputException($"{path}.dose.curve", "emax is non-linear in ED50 and is fitted by NUTS; set engine: nuts");
            }

            if (moderators.Length > 0)
            {
                throw new InvalidInputException($"{path}.moderators", "are not supported with an Emax curve");
            }
        }

        if (dose is not null && dose.Curve != DoseCurve.Emax && engine == ModelEngine.Nuts)
        {
            throw new InvalidInputException($"{path}.dose.curve", "linear, spline, log and quadratic curves are Gaussian models; fit them with engine: exact (or frequentist)");
        }

        if (robust is not null && (engine != ModelEngine.Frequentist || structure != ModelStructure.ThreeLevel))
        {
            throw new InvalidInputException($"{path}.robust", "is cluster-robust inference on a frequentist three-level model (structure: three_level)");
        }

        if (engine != ModelEngine.Frequentist && (node.ContainsKey("method") || node.ContainsKey("test")))
        {
            throw new InvalidInputException($"{path}.{(node.ContainsKey("method") ? "method" : "test")}", "is an option of frequentist models");
        }

        if (engine == ModelEngine.Frequentist && node.ContainsKey("sampler"))
        {
            throw new InvalidInputException($"{path}.sampler", "is an option of NUTS models (engine: nuts)");
        }
    }

    private static void CheckFrequentistOptions(string path, ModelEngine engine, ModelStructure structure, string method, string test, string? robust)
    {
        if (engine != ModelEngine.Frequentist)
        {
            return;
        }

        IReadOnlyList<string> methods = structure switch
        {
            ModelStructure.ThreeLevel => ["REML", "ML"],
            ModelStructure.BinomialNormal => ["ML"],
            _ => Tau2Estimators.Codes,
        };
        if (!methods.Contains(method.ToUpperInvariant()) && !(structure == ModelStructure.RandomEffects && method.ToUpperInvariant() is "FE" or "CE"))
        {
            throw new InvalidInputException($"{path}.method", $"'{method}' is not one of {string.Join(", ", methods)}");
        }

        if (test.ToLowerInvariant() is not ("z" or "t" or "knha" or "hksj"))
        {
            throw new InvalidInputException($"{path}.test", $"'{test}' is not one of z, t, knha");
        }

        if (robust is not null && !RobustTypes.Contains(robust))
        {
            throw new InvalidInputException($"{path}.robust", $"'{robust}' is not one of {string.Join(", ", RobustTypes)}");
        }
    }

    private static DosePlan Dose(JsonObject node, string path)
    {
        PlanFields.RequireKnown(node, path, DoseFields);
        var column = JsonValues.Text(node, "column", path) ?? throw new InvalidInputException($"{path}.column", "is required");
        var curve = PlanFields.Choice(JsonValues.Text(node, "curve", path), $"{path}.curve", Curves, DoseCurve.Linear);
        var scale = JsonValues.Number(node, "scale", path) ?? 1;
        Guard.Positive(scale, $"{path}.scale");
        var knots = JsonValues.Numbers(node, "knots", path);
        IReadOnlyList<double>? knotList = null;
        var knotCount = 3;
        if (knots is [var count])
        {
            knotCount = JsonValues.WholeNumber(node, "knots", path)!.Value;
            if (knotCount < 3)
            {
                throw new InvalidInputException($"{path}.knots", string.Create(CultureInfo.InvariantCulture, $"a spline needs at least 3 knots, got {count}"));
            }
        }
        else if (knots is not null)
        {
            knotList = knots;
        }

        if (knots is not null && curve != DoseCurve.Spline)
        {
            throw new InvalidInputException($"{path}.knots", "are for curve: spline");
        }

        return new DosePlan(column, curve, scale, knotList, knotCount, JsonValues.Text(node, "unit", path));
    }

    private static SamplerPlan Sampler(JsonObject node, string path)
    {
        PlanFields.RequireKnown(node, path, SamplerFields);
        var defaults = new SamplerPlan();
        var plan = new SamplerPlan(
            JsonValues.WholeNumber(node, "chains", path) ?? defaults.Chains,
            JsonValues.WholeNumber(node, "warmup", path) ?? defaults.Warmup,
            JsonValues.WholeNumber(node, "iterations", path) ?? defaults.Iterations,
            Seed(node, path) ?? defaults.Seed,
            JsonValues.Number(node, "target_acceptance", path) ?? defaults.TargetAcceptance);
        try
        {
            plan.ToOptions().Validate();
        }
        catch (InvalidInputException ex)
        {
            // The sampler names its own options (sampler.warmup_iterations); say where they are in the plan.
            var field = ex.Field switch
            {
                "sampler.warmup_iterations" => "sampler.warmup",
                "sampler.sampling_iterations" => "sampler.iterations",
                _ => ex.Field,
            };
            throw new InvalidInputException(field.StartsWith("sampler.", StringComparison.Ordinal) ? path + field["sampler".Length..] : path, ex.Problem);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException(path, ex.Message);
        }

        return plan;
    }

    private static ulong? Seed(JsonObject node, string path) => JsonValues.WholeNumber(node, "seed", path) switch
    {
        null => null,
        >= 0 and var seed => (ulong)seed,
        var seed => throw new InvalidInputException($"{path}.seed", string.Create(CultureInfo.InvariantCulture, $"must be a whole number of at least 0, got {seed}")),
    };

    private static SensitivityPlan Sensitivity(JsonObject node, IReadOnlyList<ModelPlan> models)
    {
        const string Path = "sensitivity";
        PlanFields.RequireKnown(node, Path, SensitivityFields);
        var correlations = JsonValues.Numbers(node, "correlations", Path) ?? throw new InvalidInputException("sensitivity.correlations", "is required");
        Guard.Correlation(correlations, "sensitivity.correlations");
        var names = JsonValues.TextList(node, "models", Path) ?? throw new InvalidInputException("sensitivity.models", "is required");
        for (var i = 0; i < names.Length; i++)
        {
            if (models.All(m => m.Name != names[i]))
            {
                throw new InvalidInputException($"sensitivity.models[{i}]", $"'{names[i]}' is not the name of a model in the plan");
            }
        }

        return new SensitivityPlan(correlations, names);
    }

    /// <summary>The <c>selection</c> section of a NUTS random-effects model: the step function's cut points.</summary>
    private static double[] SelectionSteps(JsonObject selection, ModelEngine engine, ModelStructure structure, string[] moderators, string? subgroups, DosePlan? dose, string path)
    {
        var at = $"{path}.selection";
        PlanFields.RequireKnown(selection, at, ["steps"]);
        if (engine != ModelEngine.Nuts)
        {
            throw new InvalidInputException($"{path}.engine", "the Bayesian selection model is sampled by NUTS; set engine: nuts (publication_bias.selection_models fits selection models by maximum likelihood)");
        }

        if (structure == ModelStructure.ThreeLevel || moderators.Length > 0 || subgroups is not null || dose is not null)
        {
            throw new InvalidInputException(at, "applies to the random-effects model only: no structure, moderators, subgroups or dose");
        }

        return JsonValues.Numbers(selection, "steps", at) ?? [0.025, 1];
    }

    /// <summary>The <c>averaging</c> section: the exact engine, RoBMA's own priors, no moderators, subgroups or dose.</summary>
    private static AveragingPlan Averaging(JsonObject averaging, JsonObject model, ModelEngine engine, string at, string path)
    {
        PlanFields.RequireKnown(averaging, at, AveragingFields);
        if (engine != ModelEngine.Exact)
        {
            throw new InvalidInputException($"{path}.engine", "robust Bayesian model averaging runs on the exact engine; set engine: exact");
        }

        foreach (var field in new[] { "priors", "moderators", "subgroups", "dose", "robust", "sampler", "rho", "scale_moderators", "permutation", "selection" })
        {
            if (model.ContainsKey(field))
            {
                throw new InvalidInputException($"{path}.{field}", "does not apply to robust Bayesian model averaging (RoBMA's priors, no moderators)");
            }
        }

        string Hypotheses(string name)
        {
            var value = JsonValues.Text(averaging, name, at) ?? "both";
            return value is "both" or "absent" or "present" ? value : throw new InvalidInputException($"{at}.{name}", "must be both (the default), absent or present");
        }

        var bias = JsonValues.TextList(averaging, "bias", at) ?? [];
        for (var i = 0; i < bias.Length; i++)
        {
            if (bias[i] is not ("none" or "weight_functions" or "pet" or "peese"))
            {
                throw new InvalidInputException($"{at}.bias[{i}]", "must be none, weight_functions, pet or peese");
            }
        }

        return new AveragingPlan(Hypotheses("effect"), Hypotheses("heterogeneity"), bias);
    }

    private static DiagnosticsPlan Diagnostics(JsonObject node)
    {
        const string Path = "diagnostics";
        PlanFields.RequireKnown(node, Path, DiagnosticsFields);
        var threeLevel = JsonValues.Flag(node, "three_level", Path) ?? false;
        var rho = JsonValues.Number(node, "rho", Path);
        if (rho is { } value)
        {
            if (!threeLevel)
            {
                throw new InvalidInputException($"{Path}.rho", "is the working correlation of the sampling errors within studies of the three-level diagnostics: set three_level: true");
            }

            if (!(value >= -1 && value <= 1))
            {
                throw new InvalidInputException($"{Path}.rho", string.Create(CultureInfo.InvariantCulture, $"must be a correlation in [-1, 1], got {value}"));
            }
        }

        return new DiagnosticsPlan(JsonValues.Flag(node, "influence", Path) ?? false, JsonValues.Flag(node, "cumulative", Path) ?? false, threeLevel, rho);
    }

    private static PublicationBiasPlan PublicationBias(JsonObject node)
    {
        const string Path = "publication_bias";
        PlanFields.RequireKnown(node, Path, BiasFields);
        var selection = new List<SelectionModelSpec>();
        if (node["selection_models"] is { } list)
        {
            var array = list as JsonArray ?? throw new InvalidInputException($"{Path}.selection_models", "must be a list of selection models, each with a type");
            for (var i = 0; i < array.Count; i++)
            {
                var at = $"{Path}.selection_models[{i}]";
                var item = array[i] as JsonObject ?? throw new InvalidInputException(at, "must be an object with a type (stepfun, beta, halfnorm, negexp, logistic, power)");
                PlanFields.RequireKnown(item, at, SelectionFields);
                var spec = new SelectionModelSpec
                {
                    Type = JsonValues.Text(item, "type", at) ?? throw new InvalidInputException($"{at}.type", "is required: stepfun, beta, halfnorm, negexp, logistic or power"),
                    Alternative = JsonValues.Text(item, "alternative", at) ?? "greater",
                };
                spec.Steps.AddRange(JsonValues.Numbers(item, "steps", at) ?? []);
                selection.Add(spec);
            }
        }

        var direction = JsonValues.Text(node, "pet_peese_direction", Path) ?? "greater";
        if (direction is not ("greater" or "less"))
        {
            throw new InvalidInputException($"{Path}.pet_peese_direction", "must be greater (selection favours positive effects, the default) or less");
        }

        return new PublicationBiasPlan(
            JsonValues.Flag(node, "egger", Path) ?? true,
            JsonValues.Flag(node, "begg", Path) ?? true,
            JsonValues.Flag(node, "trim_and_fill", Path) ?? true,
            JsonValues.Flag(node, "fail_safe_n", Path) ?? true,
            JsonValues.Flag(node, "pet_peese", Path) ?? false,
            direction,
            selection);
    }
}
