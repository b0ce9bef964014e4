using System.Globalization;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// Checks a whole spec — data, model, engine, priors, reporting — and returns it in Core's terms. The
/// server runs it before a job is created (so a bad spec is INVALID_ARGUMENT and never a job) and the
/// worker runs it again before fitting (the two may be different builds).
/// </summary>
/// <remarks>
/// Which engines fit which models: effect sizes need none; random effects with normal random effects,
/// meta-regression, subgroups, three-level and linear, logarithmic, quadratic or spline dose-response
/// models take any engine; Student-t
/// random effects, Emax curves and binomial-normal models need NUTS (no conjugate structure); robust
/// (CR2) models and publication-bias diagnostics are frequentist.
/// </remarks>
public static class SpecValidator
{
    private static readonly string[] Tau2Methods = ["EE", "DL", "HE", "HS", "SJ", "ML", "REML", "EB", "PM"];

    /// <summary>Validates <paramref name="spec"/>, found at <paramref name="path"/> in the request (e.g. <c>spec</c>).</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="path">Where the spec is in the request.</param>
    /// <param name="dataPath">Where its data is, when not at <c>path.data</c> (a batch shares one data set among its models).</param>
    /// <exception cref="InvalidInputException">Anything is wrong; the field path names the field in the request.</exception>
    public static AnalysisRequest Validate(ModelSpec? spec, string path, string? dataPath = null)
    {
        if (spec is null)
        {
            throw new InvalidInputException(path, "is required");
        }

        dataPath ??= $"{path}.data";
        var data = DataSetReader.Read(spec.Data, dataPath);
        var model = spec.Model?.KindCase ?? Model.KindOneofCase.None;
        if (model == Model.KindOneofCase.None)
        {
            throw new InvalidInputException($"{path}.model", "needs a model: effect_sizes, random_effects, meta_regression, subgroups, three_level, dose_response, robust, binomial_normal or publication_bias");
        }

        var engine = ReadEngine(spec.Engine, $"{path}.engine", model);
        CheckModel(spec, data, model, engine, path, dataPath);
        CheckPriors(spec, model, engine, $"{path}.priors");
        var level = ReadLevel(spec.Report, $"{path}.report");
        var design = FixedEffectsDesign.For(spec, data, $"{path}.model.{ModelNames.Of(model)}");
        return new AnalysisRequest(spec, data, model, engine, level, design);
    }

    private static EngineKind ReadEngine(Engine? engine, string path, Model.KindOneofCase model)
    {
        var kind = engine?.KindCase ?? Engine.KindOneofCase.None;
        if (model == Model.KindOneofCase.EffectSizes)
        {
            return kind == Engine.KindOneofCase.None
                ? EngineKind.None
                : throw new InvalidInputException(path, "does not apply: an effect_sizes model only computes effect sizes; leave the engine unset");
        }

        switch (kind)
        {
            case Engine.KindOneofCase.Frequentist:
                CheckFrequentist(engine!.Frequentist, $"{path}.frequentist", model);
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

    private static void CheckFrequentist(FrequentistEngine engine, string path, Model.KindOneofCase model)
    {
        var method = engine.Tau2Method;
        var allowed = model is Model.KindOneofCase.ThreeLevel or Model.KindOneofCase.Robust ? ["ML", "REML"] : Tau2Methods;
        if (method.Length > 0 && !allowed.Contains(method, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"{path}.tau2_method", $"must be one of {string.Join(", ", allowed)} for a {ModelNames.Of(model)} model, got '{method}'");
        }

        if (engine.Test is not ("" or "z" or "knha"))
        {
            throw new InvalidInputException($"{path}.test", $"must be z or knha, got '{engine.Test}'");
        }
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

    private static void CheckModel(ModelSpec spec, AnalysisData data, Model.KindOneofCase model, EngineKind engine, string path, string dataPath)
    {
        var at = $"{path}.model.{ModelNames.Of(model)}";
        var k = data.K;
        var enginePath = $"{path}.engine";
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

                Guard.AtLeast(k, 2, dataPath, "a random-effects model");
                break;
            case Model.KindOneofCase.MetaRegression:
                var regression = spec.Model.MetaRegression;
                if (regression.Moderators.Count == 0)
                {
                    throw new InvalidInputException($"{at}.moderators", "names no moderator; a meta-regression needs at least one");
                }

                var coefficients = CheckModerators(regression.Moderators, data, $"{at}.moderators") + (regression.NoIntercept ? 0 : 1);
                Guard.AtLeast(k, coefficients + 1, dataPath, string.Create(CultureInfo.InvariantCulture, $"a meta-regression with {coefficients} coefficients"));
                break;
            case Model.KindOneofCase.Subgroups:
                CheckSubgroups(spec.Model.Subgroups, data, at, dataPath);
                break;
            case Model.KindOneofCase.ThreeLevel:
                var threeLevelCoefficients = CheckModerators(spec.Model.ThreeLevel.Moderators, data, $"{at}.moderators") + 1;
                RequireClusters(data, $"{dataPath}.clusters", "a three-level model");
                Guard.AtLeast(k, threeLevelCoefficients + 2, dataPath, "a three-level model");
                break;
            case Model.KindOneofCase.Robust:
                RequireEngine(engine, enginePath, "a robust (CR2) model", EngineKind.Frequentist);
                var robustCoefficients = CheckModerators(spec.Model.Robust.Moderators, data, $"{at}.moderators") + 1;
                RequireClusters(data, $"{dataPath}.clusters", "a robust (CR2) model");
                Guard.AtLeast(k, robustCoefficients + 2, dataPath, "a robust (CR2) model");
                break;
            case Model.KindOneofCase.DoseResponse:
                CheckDoseResponse(spec.Model.DoseResponse, data, engine, at, path, dataPath);
                break;
            case Model.KindOneofCase.BinomialNormal:
                RequireEngine(engine, enginePath, "a binomial-normal model", EngineKind.Nuts);
                var raw = spec.Data.Raw;
                if (raw is null || raw.Measure is not ("OR" or "RR" or "RD") || raw.Ai.Count == 0 || raw.Ci.Count == 0)
                {
                    throw new InvalidInputException($"{dataPath}.raw", "a binomial-normal model needs the 2x2 tables: raw columns ai, bi, ci, di (or ai, ci, n1i, n2i) with measure OR, RR or RD");
                }

                Guard.AtLeast(k, 2, dataPath, "a binomial-normal model");
                break;
            case Model.KindOneofCase.PublicationBias:
                RequireEngine(engine, enginePath, "publication-bias diagnostics", EngineKind.Frequentist);
                var bias = spec.Model.PublicationBias;
                if (!(bias.Egger || bias.Begg || bias.TrimAndFill || bias.FailSafeN))
                {
                    throw new InvalidInputException(at, "selects no test; set egger, begg, trim_and_fill or fail_safe_n");
                }

                if (bias.EggerModel is not ("" or "rma" or "lm"))
                {
                    throw new InvalidInputException($"{at}.egger_model", $"is '{bias.EggerModel}'; it must be 'rma' (the default) or 'lm'");
                }

                Guard.AtLeast(k, 3, dataPath, "publication-bias diagnostics");
                break;
        }
    }

    private static void CheckDoseResponse(DoseResponseModel dose, AnalysisData data, EngineKind engine, string at, string path, string dataPath)
    {
        if (data.Dose is null)
        {
            throw new InvalidInputException($"{dataPath}.dose", "is required by a dose-response model (one dose per effect)");
        }

        if (dose.LogOffset != 0 && dose.Curve != DoseResponseCurve.Logarithmic)
        {
            throw new InvalidInputException($"{at}.log_offset", "applies to a logarithmic curve only");
        }

        switch (dose.Curve)
        {
            case DoseResponseCurve.Linear:
                Guard.AtLeast(data.K, 3, dataPath, "a linear dose-response model");
                break;
            case DoseResponseCurve.Quadratic:
                Guard.AtLeast(data.K, 4, dataPath, "a quadratic dose-response model");
                break;
            case DoseResponseCurve.Logarithmic:
                var offset = dose.LogOffset;
                if (!double.IsFinite(offset) || offset < 0)
                {
                    throw new InvalidInputException($"{at}.log_offset", $"must be a finite number of at least 0, got {Describe(offset)}");
                }

                var zero = data.Dose.ToList().FindIndex(d => !(d + offset > 0));
                if (zero >= 0)
                {
                    throw new InvalidInputException(Guard.Element($"{dataPath}.dose", zero), $"a logarithmic curve needs every dose plus log_offset to be positive, got {Describe(data.Dose[zero])} + {Describe(offset)}; set log_offset");
                }

                Guard.AtLeast(data.K, 3, dataPath, "a logarithmic dose-response model");
                break;
            case DoseResponseCurve.Spline:
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

                Guard.AtLeast(data.K, dose.Knots.Count + 1, dataPath, "a spline dose-response model");
                break;
            case DoseResponseCurve.Emax:
                RequireEngine(engine, $"{path}.engine", "an Emax dose-response curve", EngineKind.Nuts);
                Guard.AtLeast(data.K, 4, dataPath, "an Emax dose-response model");
                break;
            default:
                throw new InvalidInputException($"{at}.curve", "must be linear, logarithmic, quadratic, spline or emax");
        }
    }

    private static void CheckSubgroups(SubgroupModel subgroups, AnalysisData data, string at, string dataPath)
    {
        var name = subgroups.Moderator;
        if (FindModerator(data, name, $"{at}.moderator") is not Core.Data.CategoricalModerator categorical)
        {
            throw new InvalidInputException($"{at}.moderator", $"moderator '{name}' is continuous; subgroups need a categorical moderator");
        }

        if (categorical.Levels.Count < 2)
        {
            throw new InvalidInputException($"{at}.moderator", $"moderator '{name}' has one level; subgroups need at least two");
        }

        Guard.AtLeast(data.K, categorical.Levels.Count + 1, dataPath, string.Create(CultureInfo.InvariantCulture, $"subgroups of {categorical.Levels.Count} levels"));
    }

    private static int CheckModerators(Google.Protobuf.Collections.RepeatedField<string> names, AnalysisData data, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var moderator = FindModerator(data, name, Guard.Element(path, i));

            if (!seen.Add(name))
            {
                throw new InvalidInputException(Guard.Element(path, i), $"moderator '{name}' is named twice");
            }

            columns += moderator is Core.Data.CategoricalModerator categorical ? categorical.Levels.Count - 1 : 1;
        }

        return columns;
    }

    private static Core.Data.Moderator FindModerator(AnalysisData data, string name, string path)
    {
        if (data.Moderators.TryGetValue(name, out var moderator))
        {
            return moderator;
        }

        var known = data.Moderators.Count == 0 ? "the data has no moderators" : $"the data has {string.Join(", ", data.Moderators.Keys)}";
        throw new InvalidInputException(path, $"unknown moderator '{name}'; {known}");
    }

    private static void RequireClusters(AnalysisData data, string path, string model)
    {
        if (data.Clusters is null)
        {
            throw new InvalidInputException(path, $"is required by {model} (the cluster of every effect)");
        }

        var sizes = data.Clusters.CountBy(c => c, StringComparer.Ordinal).ToArray();
        if (sizes.Length < 2)
        {
            throw new InvalidInputException(path, $"{model} needs at least 2 clusters, got 1");
        }

        if (sizes.All(s => s.Value == 1))
        {
            throw new InvalidInputException(path, $"every cluster holds a single effect, so {model} cannot tell the variance between clusters from the variance within them");
        }
    }

    private static void RequireEngine(EngineKind engine, string path, string model, EngineKind required)
    {
        if (engine != required)
        {
            throw new InvalidInputException(path, $"{model} needs the {ModelNames.Of(required)} engine, got {ModelNames.Of(engine)}");
        }
    }

    private static void CheckPriors(ModelSpec spec, Model.KindOneofCase model, EngineKind engine, string path)
    {
        if (engine is EngineKind.ExactBayes or EngineKind.Nuts)
        {
            RequirePriors(spec, model, engine, path);
        }

        var priors = spec.Priors;
        if (priors is null)
        {
            return;
        }

        if (engine is not (EngineKind.ExactBayes or EngineKind.Nuts))
        {
            throw new InvalidInputException(path, $"priors apply to the exact_bayes and nuts engines only, not {ModelNames.Of(engine)}");
        }

        var emax = model == Model.KindOneofCase.DoseResponse && spec.Model.DoseResponse.Curve == DoseResponseCurve.Emax;
        var threeLevel = model == Model.KindOneofCase.ThreeLevel;
        var slopes = model is Model.KindOneofCase.MetaRegression or Model.KindOneofCase.Subgroups or Model.KindOneofCase.ThreeLevel or Model.KindOneofCase.DoseResponse && !emax;
        Check(priors.Mu, "mu", !emax, p => PriorReader.Normal(p, $"{path}.mu"));
        Check(priors.Slopes, "slopes", slopes, p => PriorReader.Normal(p, $"{path}.slopes"));
        Check(priors.Tau, "tau", !threeLevel, p => PriorReader.Scale(p, $"{path}.tau"));
        Check(priors.SigmaBetween, "sigma_between", threeLevel, p => PriorReader.Scale(p, $"{path}.sigma_between"));
        Check(priors.SigmaWithin, "sigma_within", threeLevel, p => PriorReader.Scale(p, $"{path}.sigma_within"));
        Check(priors.E0, "e0", emax, p => PriorReader.Normal(p, $"{path}.e0"));
        Check(priors.Emax, "emax", emax, p => PriorReader.Normal(p, $"{path}.emax"));
        Check(priors.Ed50, "ed50", emax, p =>
        {
            PriorReader.CheckLogNormal(p, $"{path}.ed50");
            return p;
        });

        void Check<T>(T? prior, string name, bool applies, Func<T, object?> read)
            where T : class
        {
            if (prior is null)
            {
                return;
            }

            if (!applies)
            {
                throw new InvalidInputException($"{path}.{name}", $"does not apply to a {ModelNames.Of(model)} model");
            }

            _ = read(prior);
        }
    }

    /// <summary>
    /// The priors a Bayesian fit cannot do without: on every standard deviation of the model, and for NUTS
    /// a proper normal prior on every coefficient (the exact engine takes a missing one as flat) and the
    /// Emax curve's priors.
    /// </summary>
    private static void RequirePriors(ModelSpec spec, Model.KindOneofCase model, EngineKind engine, string path)
    {
        var priors = spec.Priors ?? new Priors();
        var nuts = engine == EngineKind.Nuts;
        var what = $"a {ModelNames.Of(model)} model on the {ModelNames.Of(engine)} engine";
        if (model == Model.KindOneofCase.DoseResponse && spec.Model.DoseResponse.Curve == DoseResponseCurve.Emax)
        {
            Require(priors.E0, "e0");
            Require(priors.Emax, "emax");
            Require(priors.Ed50, "ed50");
            Require(priors.Tau, "tau");
            return;
        }

        if (model == Model.KindOneofCase.ThreeLevel)
        {
            Require(priors.SigmaBetween, "sigma_between");
            Require(priors.SigmaWithin, "sigma_within");
        }
        else
        {
            Require(priors.Tau, "tau");
        }

        if (!nuts)
        {
            return;
        }

        if (!(model == Model.KindOneofCase.MetaRegression && spec.Model.MetaRegression.NoIntercept))
        {
            Require(priors.Mu, "mu");
        }

        var slopes = model switch
        {
            Model.KindOneofCase.MetaRegression or Model.KindOneofCase.Subgroups => true,
            Model.KindOneofCase.ThreeLevel => spec.Model.ThreeLevel.Moderators.Count > 0,
            Model.KindOneofCase.DoseResponse => true,
            _ => false,
        };
        if (slopes)
        {
            Require(priors.Slopes, "slopes");
        }

        void Require(object? prior, string name)
        {
            if (prior is null)
            {
                var why = nuts && name is "mu" or "slopes" ? " (the sampler needs a proper normal prior on every coefficient)" : string.Empty;
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
}
