using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Fitting;

/// <summary>
/// Location-scale models, permutation tests and the binomial-normal GLMM through the contract, the
/// validator and the fitter catalog, checked against the shared metafor cases (rma with scale, permutest,
/// rma.glmm UM.FS).
/// </summary>
public sealed class HeterogeneityStructureTests
{
    [Theory]
    [InlineData("ls-bcg-random-reml")]
    [InlineData("ls-bcg-ablat-ml")]
    [InlineData("ls-hackshaw-cohort-ml")]
    public void Fit_LocationScaleModel_MatchesMetaforsRmaWithScale(string id)
    {
        var reference = ReferenceCase.Load(id);
        var location = reference.Columns("moderators");
        var scale = reference.Columns("scale_moderators");
        var data = Data(reference);
        foreach (var (name, values) in location.Concat(scale).DistinctBy(c => c.Name))
        {
            data.Moderators.Add(new ModeratorColumn { Name = name, Continuous = new ContinuousValues { Values = { values } } });
        }

        var model = location.Count == 0
            ? new Model { RandomEffects = new RandomEffectsSpec { ScaleModerators = { scale.Select(c => c.Name) } } }
            : new Model { MetaRegression = new MetaRegressionSpec { Moderators = { location.Select(c => c.Name) }, ScaleModerators = { scale.Select(c => c.Name) } } };
        var spec = new ModelSpec { Data = data, Model = model, Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = reference.Option("method") } } };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var multiple = result.Coefficients.Count > 1;
        for (var j = 0; j < result.Coefficients.Count; j++)
        {
            reference.AssertClose(multiple ? $"beta[{j}]" : "beta", result.Coefficients[j].Estimate);
            reference.AssertClose(multiple ? $"se[{j}]" : "se", result.Coefficients[j].Se);
        }

        Assert.Equal(2, result.Scale.Coefficients.Count);
        for (var j = 0; j < 2; j++)
        {
            reference.AssertClose($"alpha[{j}]", result.Scale.Coefficients[j].Estimate);
            reference.AssertClose($"alpha_se[{j}]", result.Scale.Coefficients[j].Se);
        }

        reference.AssertClose("loglik", result.Fit.LogLikelihood);
        Assert.Equal("QS", result.Scale.Test.Name);
        Assert.Equal(result.Scale.Coefficients[1].PValue, result.Scale.Test.PValue, 1e-12);
        Assert.Equal(reference.Option("method") == "REML", result.Fit.Restricted);
    }

    [Fact]
    public void Fit_LocationScaleOnNuts_IsTheCoreModelSampledDirectly()
    {
        var reference = ReferenceCase.Load("ls-bcg-ablat-ml");
        var (name, ablat) = reference.Columns("scale_moderators").Single();
        var data = Data(reference);
        data.Moderators.Add(new ModeratorColumn { Name = name, Continuous = new ContinuousValues { Values = { ablat } } });
        var spec = new ModelSpec
        {
            Data = data,
            Model = new Model { RandomEffects = new RandomEffectsSpec { ScaleModerators = { name } } },
            Engine = new Engine { Nuts = new NutsEngine { Chains = 2, Warmup = 300, Draws = 300, Seed = 17 } },
            Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 2 }, ScaleIntercept = new NormalPriorSpec { Mean = -2, Sd = 2 }, ScaleSlopes = new NormalPriorSpec { Mean = 0, Sd = 0.1 } },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var model = new Core.Bayesian.Models.LocationScaleModel(
            Core.Data.EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi")),
            null,
            Core.Data.DesignMatrix.Create(ablat.Length, [Core.Data.Moderator.Continuous(name, ablat)]),
            Core.Bayesian.Priors.NormalPrior.Create(0, 2),
            null,
            Core.Bayesian.Priors.NormalPrior.Create(-2, 2),
            Core.Bayesian.Priors.NormalPrior.Create(0, 0.1));
        var direct = Core.Bayesian.Nuts.Sampler.Run(model, new Core.Bayesian.Nuts.SamplerOptions { Chains = 2, WarmupIterations = 300, SamplingIterations = 300, Seed = 17 });
        Assert.Equal(["mu", "alpha[intrcpt]", "alpha[ablat]"], result.Parameters.Select(p => p.Name));
        Assert.Equal(direct.PooledDraws("alpha[ablat]").Average(), result.Parameters.Single(p => p.Name == "alpha[ablat]").Mean, 12);
        Assert.Contains("location-scale random effects, log τ² on ablat", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exact_bayes", "spec.model.random_effects.scale_moderators")]
    [InlineData("no scale intercept prior", "spec.priors.scale_intercept")]
    [InlineData("no scale slopes prior", "spec.priors.scale_slopes")]
    [InlineData("tau prior", "spec.priors.tau")]
    public void Validate_BadBayesianLocationScaleSpec_NamesTheField(string what, string field)
    {
        var reference = ReferenceCase.Load("ls-bcg-ablat-ml");
        var (name, ablat) = reference.Columns("scale_moderators").Single();
        var data = Data(reference);
        data.Moderators.Add(new ModeratorColumn { Name = name, Continuous = new ContinuousValues { Values = { ablat } } });
        var priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 2 }, ScaleIntercept = new NormalPriorSpec { Mean = -2, Sd = 2 }, ScaleSlopes = new NormalPriorSpec { Mean = 0, Sd = 0.1 } };
        var engine = new Engine { Nuts = new NutsEngine() };
        switch (what)
        {
            case "exact_bayes":
                engine = new Engine { ExactBayes = new ExactBayesEngine() };
                break;
            case "no scale intercept prior":
                priors.ScaleIntercept = null;
                break;
            case "no scale slopes prior":
                priors.ScaleSlopes = null;
                break;
            default:
                priors.Tau = ExactBayesFitterTests.HalfNormal(0.5);
                break;
        }

        var spec = new ModelSpec { Data = data, Model = new Model { RandomEffects = new RandomEffectsSpec { ScaleModerators = { name } } }, Engine = engine, Priors = priors };

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("perm-hine-or-reml")]
    [InlineData("perm-bcg8-dl-knha")]
    [InlineData("perm-bcg8-ablat-reml")]
    public void Fit_PermutationTest_MatchesMetaforsExactPermutest(string id)
    {
        var reference = ReferenceCase.Load(id);
        var data = Data(reference);
        var moderators = reference.Columns("moderators");
        foreach (var (name, values) in moderators)
        {
            data.Moderators.Add(new ModeratorColumn { Name = name, Continuous = new ContinuousValues { Values = { values } } });
        }

        var model = moderators.Count == 0 ? new Model { RandomEffects = new RandomEffectsSpec() } : new Model { MetaRegression = new MetaRegressionSpec { Moderators = { moderators.Select(c => c.Name) } } };
        var engine = new FrequentistEngine { Tau2Method = reference.Option("method"), Test = reference.Option("test"), Permutation = new PermutationSpec { Iterations = 20_000 } };

        var result = FitterCatalog.Default.Fit(new ModelSpec { Data = data, Model = model, Engine = new Engine { Frequentist = engine } }, NullFitObserver.Instance, default);

        Assert.True(result.Permutation.Exact);
        Assert.Equal((long)reference.Expected("n_perm"), result.Permutation.Arrangements);
        Assert.Equal(result.Coefficients.Count, result.Permutation.PValues.Count);
        var multiple = result.Coefficients.Count > 1;
        for (var j = 0; j < result.Coefficients.Count; j++)
        {
            reference.AssertClose(multiple ? $"pval[{j}]" : "pval", result.Permutation.PValues[j]);
            reference.AssertClose(multiple ? $"beta[{j}]" : "beta", result.Coefficients[j].Estimate);
        }

        Assert.Equal(multiple, result.Permutation.HasModeratorPValue);
        if (multiple)
        {
            reference.AssertClose("qm_pval", result.Permutation.ModeratorPValue);
        }
    }

    [Fact]
    public void Fit_PermutationTestWithTooManyArrangements_IsRandomWithTheStatedCountAndSeed()
    {
        var reference = ReferenceCase.Load("perm-bcg8-ablat-reml");
        var data = Data(reference);
        var (name, values) = reference.Columns("moderators")[0];
        data.Moderators.Add(new ModeratorColumn { Name = name, Continuous = new ContinuousValues { Values = { values } } });
        ModelSpec Spec(uint seed) => new()
        {
            Data = data,
            Model = new Model { MetaRegression = new MetaRegressionSpec { Moderators = { name } } },
            Engine = new Engine { Frequentist = new FrequentistEngine { Permutation = new PermutationSpec { Iterations = 500, Seed = seed } } },
        };

        var first = FitterCatalog.Default.Fit(Spec(7), NullFitObserver.Instance, default);
        var again = FitterCatalog.Default.Fit(Spec(7), NullFitObserver.Instance, default);
        var other = FitterCatalog.Default.Fit(Spec(8), NullFitObserver.Instance, default);

        // 10,080 distinct arrangements exceed 500: a random test of 500, reproducible from its seed.
        Assert.False(first.Permutation.Exact);
        Assert.Equal(500, first.Permutation.Arrangements);
        Assert.Equal(7UL, first.Permutation.Seed);
        Assert.Equal(first.Permutation.PValues, again.Permutation.PValues);
        Assert.NotEqual(first.Permutation.PValues, other.Permutation.PValues);
        Assert.True(first.Permutation.PValues[1] >= 1.0 / 500);
    }

    [Theory]
    [InlineData("glmm-bcg-umfs")]
    [InlineData("glmm-collins-umfs")]
    public void Fit_FrequentistBinomialNormal_MatchesMetaforsRmaGlmmUmfs(string id)
    {
        var reference = ReferenceCase.Load(id);
        var spec = new ModelSpec
        {
            Data = new DataSet { Raw = new RawColumns { Measure = "OR", Ai = { reference.Numbers("ai") }, Bi = { reference.Numbers("bi") }, Ci = { reference.Numbers("ci") }, Di = { reference.Numbers("di") } } },
            Model = new Model { BinomialNormal = new BinomialNormalSpec() },
            Engine = new Engine { Frequentist = new FrequentistEngine() },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal("frequentist", result.Engine);
        var beta = Assert.Single(result.Coefficients);
        reference.AssertClose("beta", beta.Estimate);
        reference.AssertClose("se", beta.Se);
        reference.AssertClose("tau2", result.Heterogeneity.Tau2);
        reference.AssertClose("loglik", result.Fit.LogLikelihood);
        Assert.Empty(result.Warnings);
    }

    public static TheoryData<string, string> BadSpecs() => new()
    {
        { "scale moderators on the exact engine", "spec.model.random_effects.scale_moderators" },
        { "scale moderators with DL", "spec.engine.frequentist.tau2_method" },
        { "unknown scale moderator", "spec.model.random_effects.scale_moderators[0]" },
        { "permutation on three levels", "spec.engine.frequentist.permutation" },
        { "permutation with t tests", "spec.engine.frequentist.permutation" },
        { "too many permutations", "spec.engine.frequentist.permutation.iterations" },
        { "GLMM of risk ratios", "spec.data.raw.measure" },
        { "GLMM on the exact engine", "spec.engine" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Validate_BadSpec_NamesTheField(string problem, string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(Break(problem), "spec"));

        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
    }

    private static ModelSpec Break(string problem)
    {
        var spec = new ModelSpec
        {
            Data = new DataSet
            {
                EffectSizes = new EffectSizes { Yi = { 0.1, 0.3, 0.2, 0.5, 0.4, 0.0 }, Vi = { 0.02, 0.03, 0.02, 0.05, 0.04, 0.03 } },
                Clusters = { "a", "a", "b", "b", "c", "c" },
                Moderators = { new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3, 4, 5, 6 } } } },
            },
            Model = new Model { RandomEffects = new RandomEffectsSpec { ScaleModerators = { "x" } } },
            Engine = new Engine { Frequentist = new FrequentistEngine() },
        };
        var glmm = new DataSet { Raw = new RawColumns { Measure = "RR", Ai = { 4, 6, 3 }, Bi = { 96, 94, 97 }, Ci = { 8, 9, 7 }, Di = { 92, 91, 93 } } };
        switch (problem)
        {
            case "scale moderators on the exact engine":
                spec.Engine = new Engine { ExactBayes = new ExactBayesEngine() };
                spec.Priors = new Priors { Tau = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 0.5 } } };
                break;
            case "scale moderators with DL":
                spec.Engine.Frequentist.Tau2Method = "DL";
                break;
            case "unknown scale moderator":
                spec.Model.RandomEffects.ScaleModerators[0] = "dose";
                break;
            case "permutation on three levels":
                spec.Model = new Model { ThreeLevel = new ThreeLevelSpec() };
                spec.Engine.Frequentist.Permutation = new PermutationSpec();
                break;
            case "permutation with t tests":
                spec.Model = new Model { RandomEffects = new RandomEffectsSpec() };
                spec.Engine.Frequentist.Test = "t";
                spec.Engine.Frequentist.Permutation = new PermutationSpec();
                break;
            case "too many permutations":
                spec.Model = new Model { RandomEffects = new RandomEffectsSpec() };
                spec.Engine.Frequentist.Permutation = new PermutationSpec { Iterations = 1_000_000 };
                break;
            case "GLMM of risk ratios":
                spec.Data = glmm;
                spec.Model = new Model { BinomialNormal = new BinomialNormalSpec() };
                break;
            case "GLMM on the exact engine":
                glmm.Raw.Measure = "OR";
                spec.Data = glmm;
                spec.Model = new Model { BinomialNormal = new BinomialNormalSpec() };
                spec.Engine = new Engine { ExactBayes = new ExactBayesEngine() };
                break;
        }

        return spec;
    }

    private static DataSet Data(ReferenceCase reference) => new()
    {
        EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } },
    };
}
