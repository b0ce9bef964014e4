using System.Globalization;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Splines;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// Checks a whole spec — data, model, engine, priors, reporting — and returns it as a
/// <see cref="ValidatedAnalysis"/>. The server runs it on submit (a bad spec is INVALID_ARGUMENT and never
/// a job), the worker before fitting (the two may be different builds), the command line before a local
/// run and the SDK offline.
/// </summary>
/// <remarks>
/// Which engines fit which models: effect sizes and correlation sweeps need none (a sweep's models carry
/// their own); random effects with normal random effects, meta-regression, subgroups with a common τ²,
/// three-level and linear, logarithmic, quadratic or spline dose-response models take any engine;
/// Student-t random effects and Emax curves need NUTS (no conjugate structure); binomial-normal models
/// take NUTS or the frequentist engine (maximum likelihood GLMM); location-scale models and permutation
/// tests are frequentist;
/// cluster-robust inference, subgroups with separate τ², publication-bias checks, influence and cumulative
/// analyses are frequentist.
/// </remarks>
public static class AnalysisValidator
{
    /// <summary>Validates <paramref name="spec"/>, found at <paramref name="path"/> in the request (e.g. <c>spec</c>).</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="path">Where the spec is in the request.</param>
    /// <param name="dataPath">Where its data is, when not at <c>path.data</c> (a batch shares one data set among its models).</param>
    /// <exception cref="InvalidInputException">Anything is wrong; the field path names the field in the request.</exception>
    public static ValidatedAnalysis Validate(ModelSpec? spec, string path, string? dataPath = null)
    {
        if (spec is null)
        {
            throw new InvalidInputException(path, "is required");
        }

        DefinedEnums.Check(spec, path);
        dataPath ??= $"{path}.data";
        return Validate(spec, DataSetReader.Read(spec.Data, dataPath), path, dataPath);
    }

    /// <summary>
    /// Validates <paramref name="spec"/> on data read already (the models of a batch share theirs), on the
    /// rows complete in the columns the model uses.
    /// </summary>
    /// <exception cref="InvalidInputException">Anything is wrong; the field path names the field in the request.</exception>
    public static ValidatedAnalysis Validate(ModelSpec spec, DataSetRows rows, string path, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        var model = spec.Model?.KindCase ?? Model.KindOneofCase.None;
        if (model == Model.KindOneofCase.None)
        {
            throw new InvalidInputException($"{path}.model", $"needs a model: {ModelNames.AllModels}");
        }

        var at = $"{path}.model.{ModelNames.Of(model)}";
        var engine = ReadEngine(spec.Engine, $"{path}.engine", model);
        var threeLevel = ClusterStructure.IsThreeLevel(spec.Model!);
        var robust = engine == EngineKind.Frequentist && spec.Engine.Frequentist.Robust.Length > 0;
        var data = rows.ForModel(threeLevel || robust, ModeratorNamesOf(spec.Model!), model == Model.KindOneofCase.DoseResponse);
        if (threeLevel)
        {
            RequireClusters(data, $"{dataPath}.clusters", model == Model.KindOneofCase.ThreeLevel ? "a three-level model" : $"a three-level {ModelNames.Of(model)} model");
        }

        var moderators = ModeratorsOf(spec.Model!, data, at);
        var frequentist = engine == EngineKind.Frequentist ? Frequentist(spec.Engine.Frequentist, $"{path}.engine.frequentist", model, threeLevel, data) : null;
        var level = ReadLevel(spec.Report, $"{path}.report");
        var dose = model == Model.KindOneofCase.DoseResponse ? Dose(spec.Model!.DoseResponse, data, engine, moderators.Length, at, path, dataPath) : null;
        var subgroups = model == Model.KindOneofCase.Subgroups ? Subgroups(spec.Model!.Subgroups, data, engine, at, dataPath) : null;
        CheckModel(spec, data, model, engine, moderators, threeLevel, at, path, dataPath);
        var modelDesign = Design(model, data, moderators, dose, subgroups, spec.Model!, at);
        var bias = BayesianBias.Of(BiasRegressionOf(spec.Model!), modelDesign, data.Effects);
        var design = bias is null ? modelDesign : bias.Pet ?? bias.Peese!;
        var scale = ScaleDesign(spec, data, engine, design.Columns, at, path, dataPath);
        var permutation = engine == EngineKind.Frequentist ? Permutation(spec, model, scale, path) : null;
        var sampling = ClusterStructure.SamplingCorrelation(spec.Model!) is { } correlation
            ? SamplingCovariance(correlation.Rho, threeLevel, data, engine, $"{path}.model.{correlation.Field}")
            : null;
        var priors = Priors(spec, model, engine, threeLevel, design, scale, $"{path}.priors");
        var report = spec.Report ?? new Reporting();
        return new ValidatedAnalysis
        {
            Spec = spec,
            Data = data,
            Model = model,
            Engine = engine,
            ThreeLevel = threeLevel,
            Design = design,
            Level = level,
            Priors = priors,
            Report = new ReportFlags(report.Predictive, report.Loo, report.MarginalLikelihood, report.Hpd, report.PlotData),
            Frequentist = frequentist is null ? null : frequentist with { Level = level },
            Robust = robust ? RobustEstimators.Parse(spec.Engine.Frequentist.Robust) : null,
            SamplingCovariance = sampling,
            ScaleDesign = scale,
            Permutation = permutation,
            Sampler = engine == EngineKind.Nuts ? Sampler(spec.Engine.Nuts) : null,
            PartialSummaryEvery = engine == EngineKind.Nuts && spec.Engine.Nuts.PartialSummaryEvery > 0 ? (int)spec.Engine.Nuts.PartialSummaryEvery : DefaultPartialSummaryEvery,
            IntegrationTolerance = engine == EngineKind.ExactBayes && spec.Engine.ExactBayes.IntegrationTolerance > 0 ? spec.Engine.ExactBayes.IntegrationTolerance : null,
            StudentTDegreesOfFreedom = model == Model.KindOneofCase.RandomEffects && spec.Model!.RandomEffects.Distribution == RandomEffectsDistribution.StudentT ? spec.Model.RandomEffects.StudentTDf : null,
            Dose = dose,
            BayesianBias = bias,
            SelectionCuts = BayesianSelectionOf(spec.Model!) is { } selection ? SelectionCutsOf(selection, $"{at}.selection") : null,
            Subgroups = subgroups,
            PublicationBias = model == Model.KindOneofCase.PublicationBias ? spec.Model!.PublicationBias : null,
            Sweep = model == Model.KindOneofCase.CorrelationSweep ? Sweep(spec, rows, at, dataPath) : null,
            OnlyContinuousModerator = dose is null && moderators is [ContinuousModerator only] ? only : null,
        };
    }

    /// <summary>Spline knots placed when a dose-response spec gives neither knots nor a count (the contract's default).</summary>
    public const int DefaultKnotCount = 3;

    /// <summary>NUTS: posterior draws per chain between partial summaries when the spec leaves it at 0.</summary>
    public const int DefaultPartialSummaryEvery = 100;

    private static EngineKind ReadEngine(Engine? engine, string path, Model.KindOneofCase model)
    {
        var kind = engine?.KindCase ?? Engine.KindOneofCase.None;
        if (model is Model.KindOneofCase.EffectSizes or Model.KindOneofCase.CorrelationSweep)
        {
            return kind == Engine.KindOneofCase.None
                ? EngineKind.None
                : throw new InvalidInputException(path, $"does not apply: a {ModelNames.Of(model)} model has no engine of its own; leave it unset");
        }

        switch (kind)
        {
            case Engine.KindOneofCase.Frequentist:
                return EngineKind.Frequentist;
            case Engine.KindOneofCase.ExactBayes:
                var tolerance = engine!.ExactBayes.IntegrationTolerance;
                if (!double.IsFinite(tolerance) || tolerance < 0 || tolerance >= 0.01)
                {
                    throw new InvalidInputException($"{path}.exact_bayes.integration_tolerance", $"must be 0 (the default) or a positive number below 0.01, got {Describe(tolerance)}");
                }

                return EngineKind.ExactBayes;
            case Engine.KindOneofCase.Nuts:
                CheckNuts(engine!.Nuts, $"{path}.nuts");
                return EngineKind.Nuts;
            default:
                throw new InvalidInputException(path, "needs an engine: frequentist, exact_bayes or nuts");
        }
    }

    private static RandomEffectsOptions Frequentist(FrequentistEngine engine, string path, Model.KindOneofCase model, bool threeLevel, AnalysisData data)
    {
        var method = engine.Tau2Method;
        IReadOnlyList<string> allowed = threeLevel ? ["ML", "REML"] : Tau2Estimators.Codes;
        if (method.Length > 0 && !allowed.Contains(method, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"{path}.tau2_method", $"must be one of {string.Join(", ", allowed)} for a {(threeLevel ? "three-level " : string.Empty)}{ModelNames.Of(model)} model, got {Quote(method)}");
        }

        if (engine.Test.Length > 0 && !TestCodes.All.Contains(engine.Test, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"{path}.test", $"must be one of {string.Join(", ", TestCodes.All)}, got {Quote(engine.Test)}");
        }

        if (engine.Robust.Length > 0)
        {
            if (!RobustEstimators.All.Contains(engine.Robust, StringComparer.Ordinal))
            {
                throw new InvalidInputException($"{path}.robust", $"must be one of {string.Join(", ", RobustEstimators.All)}, got {Quote(engine.Robust)}");
            }

            if (!threeLevel)
            {
                throw new InvalidInputException($"{path}.robust", $"applies to three-level structures (three_level, or a dose_response or subgroups model with structure THREE_LEVEL), not a {ModelNames.Of(model)} model");
            }


        }

        return new RandomEffectsOptions
        {
            Method = method.Length == 0 ? "REML" : method,
            Test = TestCodes.Parse(engine.Test),
        };
    }

    private static void CheckNuts(NutsEngine nuts, string path)
    {
        if (nuts.Chains > SpecLimits.MaxChains)
        {
            throw new InvalidInputException($"{path}.chains", $"must be at most {SpecLimits.MaxChains}, got {nuts.Chains}");
        }

        if (nuts.Warmup > SpecLimits.MaxDrawsPerChain)
        {
            throw new InvalidInputException($"{path}.warmup", $"must be at most {SpecLimits.MaxDrawsPerChain}, got {nuts.Warmup}");
        }

        if (nuts.Draws > SpecLimits.MaxDrawsPerChain)
        {
            throw new InvalidInputException($"{path}.draws", $"must be at most {SpecLimits.MaxDrawsPerChain}, got {nuts.Draws}");
        }

        if (!double.IsFinite(nuts.AdaptDelta) || nuts.AdaptDelta < 0 || nuts.AdaptDelta >= 1)
        {
            throw new InvalidInputException($"{path}.adapt_delta", $"must be 0 (the default) or strictly between 0 and 1, got {Describe(nuts.AdaptDelta)}");
        }

        if (nuts.MaxTreeDepth > SpecLimits.MaxTreeDepth)
        {
            throw new InvalidInputException($"{path}.max_tree_depth", $"must be at most {SpecLimits.MaxTreeDepth}, got {nuts.MaxTreeDepth}");
        }
    }

    private static SamplerOptions Sampler(NutsEngine nuts)
    {
        var defaults = new SamplerOptions();
        return defaults with
        {
            Chains = nuts.Chains > 0 ? (int)nuts.Chains : defaults.Chains,
            WarmupIterations = nuts.Warmup > 0 ? (int)nuts.Warmup : defaults.WarmupIterations,
            SamplingIterations = nuts.Draws > 0 ? (int)nuts.Draws : defaults.SamplingIterations,
            Seed = nuts.Seed,
            TargetAcceptance = nuts.AdaptDelta > 0 ? nuts.AdaptDelta : defaults.TargetAcceptance,
            MaxTreeDepth = nuts.MaxTreeDepth > 0 ? (int)nuts.MaxTreeDepth : defaults.MaxTreeDepth,
        };
    }

    /// <summary>The moderators a model lists; null for a model without a list.</summary>
    private static Google.Protobuf.Collections.RepeatedField<string>? ModeratorListOf(Model model) => model.KindCase switch
    {
        Model.KindOneofCase.MetaRegression => model.MetaRegression.Moderators,
        Model.KindOneofCase.ThreeLevel => model.ThreeLevel.Moderators,
        Model.KindOneofCase.DoseResponse => model.DoseResponse.Moderators,
        Model.KindOneofCase.Influence => model.Influence.Moderators,
        _ => null,
    };

    /// <summary>Every moderator column the model uses: its moderators (and scale moderators), or the moderator of its subgroups.</summary>
    private static string[] ModeratorNamesOf(Model model) =>
        model.KindCase == Model.KindOneofCase.Subgroups ? [model.Subgroups.Moderator] : [.. (ModeratorListOf(model) ?? []).Concat(ScaleModeratorListOf(model) ?? []).Distinct(StringComparer.Ordinal)];

    private static Google.Protobuf.Collections.RepeatedField<string>? ScaleModeratorListOf(Model model) => model.KindCase switch
    {
        Model.KindOneofCase.RandomEffects => model.RandomEffects.ScaleModerators,
        Model.KindOneofCase.MetaRegression => model.MetaRegression.ScaleModerators,
        _ => null,
    };

    /// <summary>
    /// The scale design of a location-scale model (log τ²ᵢ = zᵢ'α, intercept first), or null when the model
    /// names no scale moderator. metafor fits it by REML or ML with z tests; so does Core.
    /// </summary>
    private static DesignMatrix? ScaleDesign(ModelSpec spec, AnalysisData data, EngineKind engine, int locationColumns, string at, string path, string dataPath)
    {
        if (ScaleModeratorListOf(spec.Model) is not { Count: > 0 } names)
        {
            return null;
        }

        var field = $"{at}.scale_moderators";
        if (engine is not (EngineKind.Frequentist or EngineKind.Nuts))
        {
            throw new InvalidInputException(field, $"a location-scale model is fitted by the frequentist engine (REML, ML) or by nuts, not {ModelNames.Of(engine)}");
        }

        if (spec.Model.KindCase == Model.KindOneofCase.RandomEffects && spec.Model.RandomEffects.Distribution == RandomEffectsDistribution.StudentT)
        {
            throw new InvalidInputException(field, "apply to normal random effects, not Student-t ones");
        }

        if (spec.Model.KindCase == Model.KindOneofCase.RandomEffects && (spec.Model.RandomEffects.Selection is not null || spec.Model.RandomEffects.BiasAdjustment is not (BiasRegression.Unspecified or BiasRegression.None)))
        {
            throw new InvalidInputException(field, "a location-scale model has no selection model or bias adjustment; fit them as two models");
        }

        if (engine == EngineKind.Frequentist)
        {
            var frequentist = spec.Engine.Frequentist;
            if (frequentist.Tau2Method is not ("" or "REML" or "ML"))
            {
                throw new InvalidInputException($"{path}.engine.frequentist.tau2_method", $"a location-scale model is fitted by REML or ML, got {Quote(frequentist.Tau2Method)}");
            }

            if (frequentist.Test is not ("" or "z"))
            {
                throw new InvalidInputException($"{path}.engine.frequentist.test", $"a location-scale model has z tests (as metafor's), got {Quote(frequentist.Test)}");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var moderators = new Moderator[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var element = Guard.Element(field, i);
            if (!seen.Add(names[i]))
            {
                throw new InvalidInputException(element, $"moderator {Quote(names[i])} is named twice");
            }

            moderators[i] = FindModerator(data, names[i], element);
        }

        DesignMatrix scale;
        try
        {
            scale = DesignMatrix.Create(data.K, moderators);
        }
        catch (InvalidInputException exception)
        {
            throw new InvalidInputException(field, exception.Problem);
        }

        Guard.AtLeast(data.K, locationColumns + scale.Columns + 1, dataPath, string.Create(CultureInfo.InvariantCulture, $"a location-scale model with {locationColumns} location and {scale.Columns} scale coefficients"));
        return scale;
    }

    /// <summary>The permutation test's settings, or null when the engine asks for none.</summary>
    private static PermutationSettings? Permutation(ModelSpec spec, Model.KindOneofCase model, DesignMatrix? scale, string path)
    {
        if (spec.Engine?.Frequentist?.Permutation is not { } permutation)
        {
            return null;
        }

        var field = $"{path}.engine.frequentist.permutation";
        if (model is not (Model.KindOneofCase.RandomEffects or Model.KindOneofCase.MetaRegression) || scale is not null)
        {
            throw new InvalidInputException(field, $"permutation tests apply to random_effects and meta_regression models without scale moderators, not a {(scale is null ? ModelNames.Of(model) : "location-scale")} model");
        }

        if (spec.Engine.Frequentist.Test == "t")
        {
            throw new InvalidInputException(field, "permutation tests take z or Knapp-Hartung (knha) statistics, not t tests");
        }

        if (permutation.Iterations > SpecLimits.MaxPermutations)
        {
            throw new InvalidInputException($"{field}.iterations", $"must be at most {SpecLimits.MaxPermutations}, got {permutation.Iterations}");
        }

        if (permutation.Seed > int.MaxValue)
        {
            throw new InvalidInputException($"{field}.seed", $"must be at most {int.MaxValue}, got {permutation.Seed}");
        }

        return new PermutationSettings(permutation.Iterations == 0 ? DefaultPermutations : (int)permutation.Iterations, (int)permutation.Seed);
    }

    /// <summary>Random arrangements of a permutation test when the spec leaves iterations at 0 (metafor's iter).</summary>
    public const int DefaultPermutations = 1000;

    /// <summary>The model's moderators in Core's terms, with the model's reference levels applied.</summary>
    private static Moderator[] ModeratorsOf(Model model, AnalysisData data, string at)
    {
        var names = ModeratorListOf(model);
        foreach (var (name, _) in model.ReferenceLevels)
        {
            var inModel = names?.Contains(name) == true || (model.KindCase == Model.KindOneofCase.Subgroups && model.Subgroups.Moderator == name);
            if (!inModel)
            {
                throw new InvalidInputException($"{at[..at.LastIndexOf('.')]}.reference_levels", $"names {Quote(name)}, which is not a categorical moderator of this model");
            }
        }

        if (names is null)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var moderators = new Moderator[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var field = Guard.Element($"{at}.moderators", i);
            var moderator = FindModerator(data, names[i], field);
            if (!seen.Add(names[i]))
            {
                throw new InvalidInputException(field, $"moderator {Quote(names[i])} is named twice");
            }

            moderators[i] = WithReference(moderator, model, $"{at[..at.LastIndexOf('.')]}.reference_levels");
        }

        return moderators;
    }

    private static Moderator WithReference(Moderator moderator, Model model, string path)
    {
        if (!model.ReferenceLevels.TryGetValue(moderator.Name, out var reference))
        {
            return moderator;
        }

        if (moderator is not CategoricalModerator categorical)
        {
            throw new InvalidInputException($"{path}[{moderator.Name}]", "applies to categorical moderators; this one is continuous");
        }

        if (!categorical.Levels.Contains(reference, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"{path}[{moderator.Name}]", $"level {Quote(reference)} does not occur; levels are {string.Join(", ", categorical.Levels.Take(20).Select(Quote))}");
        }

        return Moderator.Categorical(categorical.Name, categorical.Values, reference);
    }

    /// <summary>The PET / PEESE adjustment a random-effects or three-level spec asks for.</summary>
    private static BiasRegression BiasRegressionOf(Model model) => model.KindCase switch
    {
        Model.KindOneofCase.RandomEffects => model.RandomEffects.BiasAdjustment,
        Model.KindOneofCase.ThreeLevel => model.ThreeLevel.BiasAdjustment,
        _ => BiasRegression.Unspecified,
    };

    /// <summary>The Bayesian step selection a random-effects or three-level spec asks for; null for none.</summary>
    private static SelectionModelSpec? BayesianSelectionOf(Model model) => model.KindCase switch
    {
        Model.KindOneofCase.RandomEffects => model.RandomEffects.Selection,
        Model.KindOneofCase.ThreeLevel => model.ThreeLevel.Selection,
        _ => null,
    };

    /// <summary>The cut points below 1 of a validated Bayesian step selection spec.</summary>
    private static double[] SelectionCutsOf(SelectionModelSpec selection, string path) =>
        SelectionModelSpecs.WeightFunction(selection, path) is Core.Frequentist.PublicationBias.Selection.StepWeightFunction step
            ? step.Steps.Where(c => c < 1).ToArray()
            : throw new InvalidInputException($"{path}.type", "the Bayesian selection model is a step function ('stepfun')");

    /// <summary>
    /// Bayesian PET / PEESE: NUTS, normal random effects (or the three-level model on independent errors), not
    /// combined with a selection model.
    /// </summary>
    private static void CheckBiasRegression(BiasRegression adjustment, bool selection, bool studentT, bool correlatedErrors, EngineKind engine, AnalysisData data, int coefficients, string at, string enginePath, string dataPath)
    {
        if (adjustment is BiasRegression.Unspecified or BiasRegression.None)
        {
            return;
        }

        RequireEngine(engine, enginePath, $"Bayesian {BayesianBias.NameOf(adjustment)} (bias_adjustment)", EngineKind.Nuts);
        if (selection)
        {
            throw new InvalidInputException($"{at}.bias_adjustment", "cannot be combined with a selection model: ask for them as two models of the batch");
        }

        if (studentT)
        {
            throw new InvalidInputException($"{at}.bias_adjustment", "applies to normal random effects, not Student-t");
        }

        if (correlatedErrors)
        {
            throw new InvalidInputException($"{at}.bias_adjustment", "applies to independent sampling errors; leave sampling_correlation unset");
        }

        Guard.AtLeast(data.K, coefficients + 2, dataPath, $"Bayesian {BayesianBias.NameOf(adjustment)}");
    }

    /// <summary>The Bayesian step-function selection model: NUTS, a step function favouring positive effects, normal random effects.</summary>
    private static void CheckBayesianSelection(SelectionModelSpec selection, RandomEffectsDistribution distribution, EngineKind engine, AnalysisData data, string at, string enginePath, string dataPath)
    {
        RequireEngine(engine, enginePath, "a Bayesian selection model", EngineKind.Nuts);
        if (selection.Type != "stepfun")
        {
            throw new InvalidInputException($"{at}.selection.type", $"is {Quote(selection.Type)}; the Bayesian selection model is a step function ('stepfun')");
        }

        if (selection.Alternative is not ("" or "greater"))
        {
            throw new InvalidInputException($"{at}.selection.alternative", "must be 'greater': the Bayesian selection model favours positive effects (negate the effects for the other direction)");
        }

        if (distribution == RandomEffectsDistribution.StudentT)
        {
            throw new InvalidInputException($"{at}.selection", "cannot be combined with Student-t random effects");
        }

        SelectionModelSpecs.Check(selection, $"{at}.selection", data.Effects);
        Guard.AtLeast(data.K, 3, dataPath, "a Bayesian selection model");
    }

    private static void CheckModel(ModelSpec spec, AnalysisData data, Model.KindOneofCase model, EngineKind engine, Moderator[] moderators, bool threeLevel, string at, string path, string dataPath)
    {
        var k = data.K;
        var enginePath = $"{path}.engine";
        var coefficients = moderators.Sum(m => m is CategoricalModerator c ? c.Levels.Count - 1 : 1);
        switch (model)
        {
            case Model.KindOneofCase.EffectSizes:
                break;
            case Model.KindOneofCase.RandomEffects:
                var randomEffects = spec.Model.RandomEffects;
                if (randomEffects.Distribution == RandomEffectsDistribution.StudentT)
                {
                    RequireEngine(engine, enginePath, "Student-t random effects", EngineKind.Nuts);
                    Guard.Positive(randomEffects.StudentTDf, $"{at}.student_t_df");
                }

                if (randomEffects.Selection is { } selection)
                {
                    CheckBayesianSelection(selection, randomEffects.Distribution, engine, data, at, enginePath, dataPath);
                }

                CheckBiasRegression(randomEffects.BiasAdjustment, randomEffects.Selection is not null, randomEffects.Distribution == RandomEffectsDistribution.StudentT, false, engine, data, 1, at, enginePath, dataPath);

                Guard.AtLeast(k, 2, dataPath, "a random-effects model");
                break;
            case Model.KindOneofCase.MetaRegression:
                if (moderators.Length == 0)
                {
                    throw new InvalidInputException($"{at}.moderators", "names no moderator; a meta-regression needs at least one");
                }

                coefficients += spec.Model.MetaRegression.NoIntercept ? 0 : 1;
                Guard.AtLeast(k, coefficients + 1, dataPath, string.Create(CultureInfo.InvariantCulture, $"a meta-regression with {coefficients} coefficients"));
                break;
            case Model.KindOneofCase.ThreeLevel:
                var threeLevelSpec = spec.Model.ThreeLevel;
                if (threeLevelSpec.Selection is { } nestedSelection)
                {
                    if (threeLevelSpec.HasSamplingCorrelation)
                    {
                        throw new InvalidInputException($"{at}.selection", "applies to independent sampling errors; leave sampling_correlation unset");
                    }

                    CheckBayesianSelection(nestedSelection, RandomEffectsDistribution.Normal, engine, data, at, enginePath, dataPath);
                }

                CheckBiasRegression(threeLevelSpec.BiasAdjustment, threeLevelSpec.Selection is not null, false, threeLevelSpec.HasSamplingCorrelation, engine, data, coefficients + 1, at, enginePath, dataPath);
                Guard.AtLeast(k, coefficients + 3, dataPath, "a three-level model");
                break;
            case Model.KindOneofCase.BinomialNormal:
                if (engine is not (EngineKind.Nuts or EngineKind.Frequentist))
                {
                    throw new InvalidInputException(enginePath, $"a binomial-normal model is fitted by the nuts engine (Bayesian) or the frequentist engine (maximum likelihood, metafor's rma.glmm), not {ModelNames.Of(engine)}");
                }

                var raw = spec.Data?.Raw;
                if (raw is null || raw.Measure is not ("OR" or "RR" or "RD") || raw.Ai.Count == 0 || raw.Ci.Count == 0)
                {
                    throw new InvalidInputException($"{dataPath}.raw", "a binomial-normal model needs the 2x2 tables: raw columns ai, bi, ci, di (or ai, ci, n1i, n2i) with measure OR, RR or RD");
                }

                if (engine == EngineKind.Frequentist)
                {
                    if (raw.Measure != "OR")
                    {
                        throw new InvalidInputException($"{dataPath}.raw.measure", $"the frequentist binomial-normal model (metafor's rma.glmm, UM.FS) is of log odds ratios: use measure OR, got {Quote(raw.Measure)}");
                    }

                    if (spec.Engine.Frequentist.Tau2Method is not ("" or "ML") || spec.Engine.Frequentist.Test is not ("" or "z"))
                    {
                        throw new InvalidInputException(spec.Engine.Frequentist.Tau2Method is not ("" or "ML") ? $"{enginePath}.frequentist.tau2_method" : $"{enginePath}.frequentist.test", "the binomial-normal GLMM is fitted by maximum likelihood with z tests (tau2_method ML, test z)");
                    }
                }

                Guard.AtLeast(k, 2, dataPath, "a binomial-normal model");
                break;
            case Model.KindOneofCase.PublicationBias:
                RequireEngine(engine, enginePath, "publication-bias checks", EngineKind.Frequentist);
                var bias = spec.Model.PublicationBias;
                if (!(bias.Egger || bias.Begg || bias.TrimAndFill || bias.FailSafeN || bias.PetPeese || bias.SelectionModels.Count > 0))
                {
                    throw new InvalidInputException(at, "selects no check; set egger, begg, trim_and_fill, fail_safe_n, pet_peese or selection_models");
                }

                SelectionModelSpecs.Direction(bias.PetPeeseDirection, $"{at}.pet_peese_direction");
                if (bias.PetPeese)
                {
                    Guard.AtLeast(k, 4, dataPath, "PET and PEESE (a regression with two coefficients and a t test)");
                }

                for (var i = 0; i < bias.SelectionModels.Count; i++)
                {
                    var parameters = SelectionModelSpecs.Check(bias.SelectionModels[i], $"{at}.selection_models[{i}]", data.Effects);
                    Guard.AtLeast(k, parameters + 1, dataPath, $"the {bias.SelectionModels[i].Type} selection model ({parameters} parameters)");
                }

                if (bias.EggerModel is not ("" or "rma" or "lm"))
                {
                    throw new InvalidInputException($"{at}.egger_model", $"is {Quote(bias.EggerModel)}; it must be 'rma' (the default) or 'lm'");
                }

                Guard.AtLeast(k, 3, dataPath, "publication-bias checks");
                break;
            case Model.KindOneofCase.RobustAveraging:
                RequireEngine(engine, enginePath, "robust Bayesian model averaging", EngineKind.ExactBayes);
                RobustAveragingSpecs.Definition(spec.Model.RobustAveraging, at);
                if (spec.Priors is not null)
                {
                    throw new InvalidInputException($"{path}.priors", "does not apply: robust Bayesian model averaging uses RoBMA's default priors; leave priors unset");
                }

                Guard.AtLeast(k, 3, dataPath, "robust Bayesian model averaging (PET and PEESE regress on the standard errors)");
                break;
            case Model.KindOneofCase.Influence:
                RequireEngine(engine, enginePath, "influence diagnostics", EngineKind.Frequentist);
                Guard.AtLeast(k, coefficients + 3, dataPath, "influence diagnostics (each effect left out in turn)");
                if (threeLevel)
                {
                    Guard.AtLeast(data.ClusterCount, 3, $"{dataPath}.clusters", "three-level influence diagnostics (each cluster left out in turn leaves two)");
                }

                break;
            case Model.KindOneofCase.Cumulative:
                RequireEngine(engine, enginePath, "a cumulative meta-analysis", EngineKind.Frequentist);
                Guard.AtLeast(k, 2, dataPath, "a cumulative meta-analysis");
                break;
        }

        if (engine == EngineKind.Frequentist && spec.Engine.Frequentist.Robust.Length > 0)
        {
            Guard.AtLeast(data.ClusterCount, 3, $"{dataPath}.clusters", "cluster-robust inference (clusters)");
        }
    }

    private static DoseDesign Dose(DoseResponseSpec dose, AnalysisData data, EngineKind engine, int moderatorColumns, string at, string path, string dataPath)
    {
        if (data.Dose is null)
        {
            throw new InvalidInputException($"{dataPath}.dose", "is required by a dose-response model (one dose per effect)");
        }

        if (dose.Unit.Length > SpecLimits.MaxUnitLength)
        {
            throw new InvalidInputException($"{at}.unit", string.Create(CultureInfo.InvariantCulture, $"is {dose.Unit.Length} characters long; a unit has at most {SpecLimits.MaxUnitLength}"));
        }

        var scale = dose.Scale == 0 ? 1 : dose.Scale;
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new InvalidInputException($"{at}.scale", $"must be 0 (no scaling) or a positive number, got {Describe(dose.Scale)}");
        }

        if (dose.LogOffset != 0 && dose.Curve != DoseResponseCurve.Logarithmic)
        {
            throw new InvalidInputException($"{at}.log_offset", "applies to a logarithmic curve only");
        }

        if ((dose.Knots.Count > 0 || dose.KnotCount > 0) && dose.Curve != DoseResponseCurve.Spline)
        {
            throw new InvalidInputException(dose.Knots.Count > 0 ? $"{at}.knots" : $"{at}.knot_count", "applies to a spline curve only");
        }

        var scaled = data.Dose.Select(d => d / scale).ToArray();
        DoseResponseBasis? basis;
        switch (dose.Curve)
        {
            case DoseResponseCurve.Linear:
                basis = DoseResponseBasis.Linear(scale);
                break;
            case DoseResponseCurve.Quadratic:
                basis = DoseResponseBasis.Quadratic(scale);
                break;
            case DoseResponseCurve.Logarithmic:
                var offset = dose.LogOffset;
                if (!double.IsFinite(offset) || offset < 0)
                {
                    throw new InvalidInputException($"{at}.log_offset", $"must be a finite number of at least 0, got {Describe(offset)}");
                }

                var zero = Array.FindIndex(scaled, d => !(d + offset > 0));
                if (zero >= 0)
                {
                    throw new InvalidInputException(Guard.Element($"{dataPath}.dose", zero), $"a logarithmic curve needs every scaled dose plus log_offset to be positive, got {Describe(scaled[zero])} + {Describe(offset)}; set log_offset");
                }

                basis = DoseResponseBasis.Logarithmic(scale, offset);
                break;
            case DoseResponseCurve.Spline:
                basis = DoseResponseBasis.RestrictedCubicSpline(Knots(dose, scaled, at), scale);
                break;
            case DoseResponseCurve.Emax:
                RequireEngine(engine, $"{path}.engine", "an Emax dose-response curve", EngineKind.Nuts);
                if (moderatorColumns > 0)
                {
                    throw new InvalidInputException($"{at}.moderators", "are not supported with an Emax curve");
                }

                basis = null;
                Guard.AtLeast(data.K, 4, dataPath, "an Emax dose-response model");
                break;
            default:
                throw new InvalidInputException($"{at}.curve", "must be LINEAR, LOGARITHMIC, QUADRATIC, SPLINE or EMAX");
        }

        if (basis is not null)
        {
            if (engine == EngineKind.Nuts)
            {
                throw new InvalidInputException($"{at}.curve", "linear, logarithmic, quadratic and spline curves are Gaussian models; fit them with the exact_bayes (or frequentist) engine");
            }

            int columns;
            try
            {
                columns = basis.Design(data.Dose).Columns + moderatorColumns;
            }
            catch (InvalidInputException exception)
            {
                // Core names the basis column; the request names the knots that made it empty.
                throw new InvalidInputException($"{at}.knots", exception.Problem);
            }

            Guard.AtLeast(data.K, columns + 1, dataPath, string.Create(CultureInfo.InvariantCulture, $"a dose-response model with {columns} coefficients"));
        }

        return new DoseDesign(dose.Curve, scale, data.Dose, basis, moderatorColumns);
    }

    private static IReadOnlyList<double> Knots(DoseResponseSpec dose, double[] scaled, string at)
    {
        if (dose.Knots.Count == 0)
        {
            var count = dose.KnotCount == 0 ? DefaultKnotCount : (int)dose.KnotCount;
            if (count < 3 || count > SpecLimits.MaxKnots)
            {
                throw new InvalidInputException($"{at}.knot_count", $"a restricted cubic spline needs 3 to {SpecLimits.MaxKnots} knots, got {count}");
            }

            return RestrictedCubicSpline.DefaultKnots(scaled, count, $"{at}.knot_count");
        }

        if (dose.Knots.Count < 3 || dose.Knots.Count > SpecLimits.MaxKnots)
        {
            throw new InvalidInputException($"{at}.knots", $"a restricted cubic spline needs 3 to {SpecLimits.MaxKnots} knots, got {dose.Knots.Count}");
        }

        Guard.Finite(dose.Knots, $"{at}.knots");
        for (var i = 1; i < dose.Knots.Count; i++)
        {
            if (dose.Knots[i] <= dose.Knots[i - 1])
            {
                throw new InvalidInputException(Guard.Element($"{at}.knots", i), "knots must increase strictly");
            }
        }

        return dose.Knots;
    }

    private static SubgroupSettings Subgroups(SubgroupSpec subgroups, AnalysisData data, EngineKind engine, string at, string dataPath)
    {
        var name = subgroups.Moderator;
        if (FindModerator(data, name, $"{at}.moderator") is not CategoricalModerator categorical)
        {
            throw new InvalidInputException($"{at}.moderator", $"moderator {Quote(name)} is continuous; subgroups need a categorical moderator");
        }

        if (categorical.Levels.Count < 2)
        {
            throw new InvalidInputException($"{at}.moderator", $"moderator {Quote(name)} has one level; subgroups need at least two");
        }

        var separate = subgroups.Tau2 == SubgroupTau2.Separate || (subgroups.Tau2 == SubgroupTau2.Unspecified && engine == EngineKind.Frequentist);
        if (separate && engine != EngineKind.Frequentist)
        {
            throw new InvalidInputException($"{at}.tau2", $"SEPARATE (a model per subgroup) is fitted by the frequentist engine; the {ModelNames.Of(engine)} engine fits COMMON");
        }

        if (separate && subgroups.Structure == Structure.ThreeLevel)
        {
            throw new InvalidInputException($"{at}.structure", "THREE_LEVEL needs tau2 COMMON (one three-level meta-regression on the subgroups)");
        }

        var smallest = categorical.Levels.Min(level => categorical.Values.Count(v => v == level));
        if (separate && smallest < 2)
        {
            throw new InvalidInputException($"{at}.moderator", "with a separate τ² per subgroup every subgroup needs at least 2 effects");
        }

        Guard.AtLeast(data.K, categorical.Levels.Count + 1, dataPath, string.Create(CultureInfo.InvariantCulture, $"subgroups of {categorical.Levels.Count} levels"));
        return new SubgroupSettings(name, categorical.Values, separate);
    }

    private static SamplingCovariance SamplingCovariance(double rho, bool threeLevel, AnalysisData data, EngineKind engine, string path)
    {
        if (!threeLevel)
        {
            throw new InvalidInputException(path, "applies to effects nested in clusters: set structure to THREE_LEVEL");
        }

        if (engine == EngineKind.Nuts)
        {
            throw new InvalidInputException(path, "correlated sampling errors are fitted by the frequentist and exact_bayes engines, not nuts (the exact engine integrates the same posterior)");
        }

        return SamplingErrors.Covariance(rho, data.Effects, data.Clusters!, path);
    }

    private static SweepSettings Sweep(ModelSpec spec, DataSetRows data, string at, string dataPath)
    {
        var sweep = spec.Model.CorrelationSweep;
        var raw = spec.Data?.Raw;
        var samplingErrors = sweep.Target == CorrelationSweepTarget.SamplingErrors;
        if (!samplingErrors && (raw is null || !EffectSizeMeasureCode.UsesPrePostCorrelation(EffectSizeMeasureCode.Parse(raw.Measure, $"{dataPath}.raw.measure"))))
        {
            throw new InvalidInputException($"{dataPath}.raw.measure", "a correlation sweep needs raw columns of a pre/post measure (MC, SMCC, SMCR or SMCRH): the effect sizes are recomputed at each correlation");
        }

        if (sweep.Correlations.Count == 0 || sweep.Correlations.Count > SpecLimits.MaxSweepCorrelations)
        {
            throw new InvalidInputException($"{at}.correlations", $"needs 1 to {SpecLimits.MaxSweepCorrelations} correlations, got {sweep.Correlations.Count}");
        }

        Guard.Correlation(sweep.Correlations, $"{at}.correlations");
        if (sweep.Models.Count == 0 || sweep.Models.Count > SpecLimits.MaxSweepModels)
        {
            throw new InvalidInputException($"{at}.models", $"needs 1 to {SpecLimits.MaxSweepModels} models, got {sweep.Models.Count}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sweep.Models.Count; i++)
        {
            var model = sweep.Models[i];
            var modelPath = Guard.Element($"{at}.models", i);
            CheckName(model.Name, $"{modelPath}.name");
            if (!names.Add(model.Name))
            {
                throw new InvalidInputException($"{modelPath}.name", $"{Quote(model.Name)} names another model of the sweep");
            }

            var inner = SpecOf(model, spec.Data!);
            if (inner.Model?.KindCase is Model.KindOneofCase.CorrelationSweep or Model.KindOneofCase.EffectSizes or Model.KindOneofCase.PublicationBias or Model.KindOneofCase.Influence or Model.KindOneofCase.Cumulative)
            {
                throw new InvalidInputException($"{modelPath}.model", "a sweep refits models with a pooled estimate: random_effects, meta_regression, three_level, dose_response, subgroups");
            }

            if (samplingErrors && inner.Model?.KindCase != Model.KindOneofCase.ThreeLevel)
            {
                throw new InvalidInputException($"{modelPath}.model", "a sweep of the sampling errors' correlation refits three_level models (their sampling_correlation is set to each value)");
            }

            var validated = Validate(inner, data, modelPath, dataPath);
            if (samplingErrors)
            {
                var clusters = EffectClusters.Create(validated.Data.Clusters!, validated.Data.K);
                for (var j = 0; j < sweep.Correlations.Count; j++)
                {
                    SamplingErrors.Check(sweep.Correlations[j], clusters, Guard.Element($"{at}.correlations", j));
                }

                _ = SamplingCovariance(sweep.Correlations[0], threeLevel: true, validated.Data, validated.Engine, $"{modelPath}.model.three_level.sampling_correlation");
            }
        }

        return new SweepSettings(sweep.Correlations, sweep.Models, samplingErrors);
    }

    /// <summary>The spec of a named model on <paramref name="data"/> (null: the spec without data, as the server stores a batch's jobs).</summary>
    public static ModelSpec SpecOf(NamedModel model, DataSet? data)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelSpec { Data = data, Model = model.Model, Engine = model.Engine, Priors = model.Priors, Report = model.Report };
    }

    /// <summary>Checks a model's name (batch or sweep): present, and not too long.</summary>
    public static void CheckName(string name, string path)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidInputException(path, "is required");
        }

        if (name.Length > SpecLimits.MaxTextLength)
        {
            throw new InvalidInputException(path, string.Create(CultureInfo.InvariantCulture, $"is {name.Length} characters long; at most {SpecLimits.MaxTextLength} are allowed"));
        }
    }

    private static DesignMatrix Design(Model.KindOneofCase model, AnalysisData data, Moderator[] moderators, DoseDesign? dose, SubgroupSettings? subgroups, Model spec, string at)
    {
        try
        {
            if (dose?.Basis is { } basis)
            {
                var doseDesign = basis.Design(dose.Doses);
                var moderatorDesign = DesignMatrix.Create(data.K, moderators);
                var columns = Enumerable.Range(0, doseDesign.Columns).Select(j => (doseDesign.ColumnNames[j], doseDesign.X.Column(j).ToArray()))
                    .Concat(Enumerable.Range(1, moderatorDesign.Columns - 1).Select(j => (moderatorDesign.ColumnNames[j], moderatorDesign.X.Column(j).ToArray())))
                    .ToArray();
                return DesignMatrix.FromColumns(columns);
            }

            if (subgroups is { SeparateTau2: false })
            {
                var moderator = WithReference(data.Moderators[subgroups.Moderator], spec, $"{at[..at.LastIndexOf('.')]}.reference_levels");
                return DesignMatrix.Create(data.K, [moderator]);
            }

            return model == Model.KindOneofCase.MetaRegression
                ? DesignMatrix.Create(data.K, moderators, !spec.MetaRegression.NoIntercept)
                : DesignMatrix.Create(data.K, moderators);
        }
        catch (InvalidInputException exception)
        {
            // Core names the design's part; the request names where it came from.
            var field = dose is not null && moderators.Length == 0 ? $"{at}.knots" : $"{at}.moderators";
            throw new InvalidInputException(field, exception.Problem);
        }
    }

    private static Moderator FindModerator(AnalysisData data, string name, string path)
    {
        if (data.Moderators.TryGetValue(name, out var moderator))
        {
            return moderator;
        }

        var known = data.Moderators.Count == 0 ? "the data has no moderators" : $"the data has {string.Join(", ", data.Moderators.Keys.Take(20).Select(Quote))}";
        throw new InvalidInputException(path, $"moderator {Quote(name)} is not in the data; {known}");
    }

    private static void RequireClusters(AnalysisData data, string path, string model)
    {
        if (data.Clusters is null)
        {
            throw new InvalidInputException(path, $"are required by {model} (one cluster per effect)");
        }

        if (data.ClusterCount == data.K)
        {
            throw new InvalidInputException(path, $"every effect is its own cluster; {model} cannot tell the variance between clusters from the variance within them");
        }
    }

    private static void RequireEngine(EngineKind engine, string path, string model, EngineKind required)
    {
        if (engine != required)
        {
            throw new InvalidInputException(path, $"{model} needs the {ModelNames.Of(required)} engine, got {ModelNames.Of(engine)}");
        }
    }

    private static AnalysisPriors Priors(ModelSpec spec, Model.KindOneofCase model, EngineKind engine, bool threeLevel, DesignMatrix design, DesignMatrix? scale, string path)
    {
        var bayesian = engine is EngineKind.ExactBayes or EngineKind.Nuts;
        var given = spec.Priors;

        // The ensemble's priors are RoBMA's own (checked absent with the model).
        if (model == Model.KindOneofCase.RobustAveraging)
        {
            return AnalysisPriors.None;
        }

        if (given is not null && !bayesian)
        {
            throw new InvalidInputException(path, $"priors apply to the exact_bayes and nuts engines only, not {ModelNames.Of(engine)}");
        }

        if (!bayesian)
        {
            return AnalysisPriors.None;
        }

        given ??= new Priors();
        var emax = model == Model.KindOneofCase.DoseResponse && spec.Model.DoseResponse.Curve == DoseResponseCurve.Emax;
        var slopes = !emax && design.HasModerators;
        var intercept = !emax && design.HasIntercept;
        CheckApplies(given.Mu, "mu", intercept);
        CheckApplies(given.Slopes, "slopes", slopes);
        CheckApplies(given.Tau, "tau", (!threeLevel || emax) && scale is null);
        CheckApplies(given.ScaleIntercept, "scale_intercept", scale is not null);
        CheckApplies(given.ScaleSlopes, "scale_slopes", scale is { HasModerators: true });
        CheckApplies(given.SigmaBetween, "sigma_between", threeLevel && !emax);
        CheckApplies(given.SigmaWithin, "sigma_within", threeLevel && !emax);
        CheckApplies(given.E0, "e0", emax);
        CheckApplies(given.Emax, "emax", emax);
        CheckApplies(given.Ed50, "ed50", emax);
        var priors = PriorReader.Read(given, path);

        // The priors a Bayesian fit cannot do without: on every standard deviation, and for NUTS a proper
        // normal prior on every coefficient (the exact engine takes a missing one as flat).
        var what = $"a {ModelNames.Of(model)} model on the {ModelNames.Of(engine)} engine";
        if (emax)
        {
            Require(priors.E0, "e0");
            Require(priors.Emax, "emax");
            Require(priors.Ed50, "ed50");
            Require(priors.Tau, "tau");
            return priors;
        }

        if (threeLevel)
        {
            Require(priors.SigmaBetween, "sigma_between");
            Require(priors.SigmaWithin, "sigma_within");
        }
        else if (scale is not null)
        {
            Require(priors.ScaleIntercept, "scale_intercept");
            if (scale.HasModerators)
            {
                Require(priors.ScaleSlopes, "scale_slopes");
            }
        }
        else
        {
            Require(priors.Tau, "tau");
        }

        if (engine == EngineKind.Nuts)
        {
            if (intercept)
            {
                Require(priors.Mu, "mu");
            }

            if (slopes)
            {
                Require(priors.Slopes, "slopes");
            }
        }

        return priors;

        void CheckApplies(object? prior, string name, bool applies)
        {
            if (prior is not null && !applies)
            {
                throw new InvalidInputException($"{path}.{name}", $"does not apply to a {(threeLevel ? "three-level " : string.Empty)}{ModelNames.Of(model)} model{(design.HasModerators ? string.Empty : " without moderators")}");
            }
        }

        void Require(object? prior, string name)
        {
            if (prior is null)
            {
                var why = engine == EngineKind.Nuts && name is "mu" or "slopes" ? " (the sampler needs a proper normal prior on every coefficient)" : string.Empty;
                throw new InvalidInputException($"{path}.{name}", $"is required by {what}{why}");
            }
        }
    }

    private static double ReadLevel(Reporting? report, string path)
    {
        if (report is null || report.Level == 0)
        {
            return 0.95;
        }

        Guard.Level(report.Level, $"{path}.level");
        return report.Level;
    }

    private static string Describe(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A value quoted in an error message: in full when short, else its first characters and its length.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= SpecLimits.MaxQuotedLength
            ? $"'{value}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{value[..SpecLimits.MaxQuotedLength]}…' ({value.Length} characters)");
    }
}
