using MetaAnalysis.Tests.Shared;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;

namespace MetaAnalysis.Analysis.Tests.Validation;

public sealed class AnalysisValidatorTests
{
    [Fact]
    public void Validate_ValidSpecs_ReturnModelAndEngine()
    {
        var analysis = AnalysisValidator.Validate(TestSpecs.ExactBayes(), "spec");

        Assert.Equal(Model.KindOneofCase.RandomEffects, analysis.Model);
        Assert.Equal(EngineKind.ExactBayes, analysis.Engine);
        Assert.Equal(0.95, analysis.Level);
        Assert.Equal(5, analysis.Data.K);
    }

    public static TheoryData<string, string> BadSpecs() => new()
    {
        { "negative variance", "spec.data.effect_sizes.vi[2]" },
        { "NaN effect, missing values refused", "spec.data.effect_sizes.yi[0]" },
        { "infinite variance", "spec.data.effect_sizes.vi[1]" },
        { "lengths differ", "spec.data.effect_sizes.vi" },
        { "no data", "spec.data" },
        { "no model", "spec.model" },
        { "no engine", "spec.engine" },
        { "engine on effect sizes", "spec.engine" },
        { "unknown measure", "spec.data.raw.measure" },
        { "correlation above 1", "spec.data.raw.ri[1]" },
        { "events above group size", "spec.data.raw.ai[0]" },
        { "imputed correlation outside [-1, 1]", "spec.data.raw.imputed_correlation" },
        { "dose missing", "spec.data.dose" },
        { "dose negative", "spec.data.dose[3]" },
        { "unknown moderator", "spec.model.meta_regression.moderators[0]" },
        { "clusters missing", "spec.data.clusters" },
        { "cluster empty, missing values refused", "spec.data.clusters[2]" },
        { "k too small", "spec.data" },
        { "too many effects", "spec.data.effect_sizes.yi" },
        { "priors with the frequentist engine", "spec.priors" },
        { "tau prior scale not positive", "spec.priors.tau.half_normal.scale" },
        { "three-level prior on random effects", "spec.priors.sigma_between" },
        { "Student-t without NUTS", "spec.engine" },
        { "exact engine without a tau prior", "spec.priors.tau" },
        { "logarithmic curve at dose 0 without an offset", "spec.data.dose[0]" },
        { "subgroups on a continuous moderator", "spec.model.subgroups.moderator" },
        { "moderators linearly dependent", "spec.model.meta_regression.moderators" },
        { "spline knots beyond every dose", "spec.model.dose_response.knots" },
        { "every cluster a single effect", "spec.data.clusters" },
        { "three-level exact engine without a sigma_within prior", "spec.priors.sigma_within" },
        { "NUTS meta-regression without a slopes prior", "spec.priors.slopes" },
        { "Emax curve without an ED50 prior", "spec.priors.ed50" },
        { "unknown tau2 method", "spec.engine.frequentist.tau2_method" },
        { "unknown Egger model", "spec.model.publication_bias.egger_model" },
        { "unknown selection model type", "spec.model.publication_bias.selection_models[0].type" },
        { "cut points on a half-normal selection model", "spec.model.publication_bias.selection_models[0].steps" },
        { "cut points not increasing", "spec.model.publication_bias.selection_models[1].steps[1]" },
        { "unknown selection direction", "spec.model.publication_bias.selection_models[0].alternative" },
        { "unknown PET-PEESE direction", "spec.model.publication_bias.pet_peese_direction" },
        { "selection model with more parameters than effects", "spec.data" },
        { "step interval no study falls in", "spec.model.publication_bias.selection_models[0].steps" },
        { "level outside (0, 1)", "spec.report.level" },
        { "adapt_delta of 1", "spec.engine.nuts.adapt_delta" },
        { "spline knots not increasing", "spec.model.dose_response.knots[2]" },
        { "duplicate moderator name", "spec.data.moderators[1].name" },
        { "moderator length differs", "spec.data.moderators[0].continuous.values" },
        { "unknown robust estimator", "spec.engine.frequentist.robust" },
        { "robust on random effects", "spec.engine.frequentist.robust" },
        { "unknown random-effects distribution", "spec.model.random_effects.distribution" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Validate_BadSpec_NamesTheField(string problem, string field)
    {
        var spec = Break(problem);

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
    }

    [Theory]
    [InlineData("CR0", SandwichType.CR0)]
    [InlineData("CR2", SandwichType.CR2)]
    public void Validate_RobustEstimatorOnThreeLevel_Accepted(string name, SandwichType expected)
    {
        var spec = ThreeLevel();
        spec.Engine.Frequentist.Robust = name;

        var analysis = AnalysisValidator.Validate(spec, "spec");

        Assert.True(analysis.ThreeLevel);
        Assert.Equal(expected, analysis.Robust);
    }

    [Fact]
    public void Validate_NoRobustEstimator_ModelBasedInference()
    {
        var analysis = AnalysisValidator.Validate(ThreeLevel(), "spec");

        Assert.Null(analysis.Robust);
    }

    [Fact]
    public void Validate_OverLongUnknownTau2Method_ShortMessage()
    {
        var spec = TestSpecs.RandomEffects();
        spec.Engine.Frequentist.Tau2Method = new string('x', 70_000);

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.engine.frequentist.tau2_method", error.Field);
        Assert.True(error.Message.Length < 300, $"{error.Message.Length} characters");
        Assert.Contains("70000", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BatchDataPath_DataErrorsNameTheSharedData()
    {
        var spec = TestSpecs.RandomEffects();
        spec.Data.EffectSizes.Vi[0] = 0;

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "models[3]", dataPath: "data"));

        Assert.Equal("data.effect_sizes.vi[0]", error.Field);
    }

    [Fact]
    public void Validate_RawColumnsWithImputedCorrelation_ComputesTheEffects()
    {
        var spec = new ModelSpec
        {
            Data = new DataSet { Raw = new RawColumns { Measure = "SMCR", M1I = { 10, 11 }, M2I = { 9, 9 }, Sd1I = { 2, 2 }, Ni = { 20, 30 }, Ri = { double.NaN, 0.7 }, ImputedCorrelation = 0.5 } },
            Model = new Model { EffectSizes = new EffectSizeSpec() },
        };

        var analysis = AnalysisValidator.Validate(spec, "spec");

        Assert.Equal([0], analysis.Data.ComputedEffectSizes!.ImputedCorrelationRows);
    }

    [Theory]
    [InlineData(1.5, "[-1, 1]")]
    [InlineData(double.NaN, "[-1, 1]")]
    [InlineData(1, "singular")]
    [InlineData(-1, "cluster 's1' has 3 effects")]
    [InlineData(-0.5, "ρ > -0.5")]
    public void Validate_SamplingCorrelationThatGivesNoPositiveDefiniteV_NamesTheField(double rho, string said)
    {
        var spec = ThreeLevel();
        spec.Data.Clusters[2] = "s1";
        spec.Model.ThreeLevel.SamplingCorrelation = rho;

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.model.three_level.sampling_correlation", error.Field);
        Assert.Contains(said, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamplingCorrelationJustAboveTheBound_BuildsV()
    {
        // Clusters of 3, 1 and 1 effects: ρ must exceed -1/2.
        var spec = ThreeLevel();
        spec.Data.Clusters[2] = "s1";
        spec.Model.ThreeLevel.SamplingCorrelation = -0.49;

        var analysis = AnalysisValidator.Validate(spec, "spec");

        Assert.Equal(-0.49, analysis.SamplingCorrelation);
        var v = analysis.SamplingCovariance!.ToMatrix();
        var vi = spec.Data.EffectSizes.Vi;
        Assert.Equal(-0.49 * Math.Sqrt(vi[0] * vi[2]), v[0, 2], 1e-15);
        Assert.Equal(0, v[0, 3]);
    }

    [Fact]
    public void Validate_SamplingCorrelationOnNuts_RefusedNamingTheField()
    {
        var spec = ThreeLevel();
        spec.Model.ThreeLevel.SamplingCorrelation = 0.5;
        spec.Engine = new Engine { Nuts = new NutsEngine() };

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.model.three_level.sampling_correlation", error.Field);
    }

    /// <summary>A frequentist three-level model on five effects in three clusters.</summary>
    private static ModelSpec ThreeLevel()
    {
        var spec = TestSpecs.RandomEffects();
        spec.Model = new Model { ThreeLevel = new ThreeLevelSpec() };
        spec.Data.Clusters.AddRange(["s1", "s1", "s2", "s2", "s3"]);
        return spec;
    }

    private static ModelSpec Break(string problem)
    {
        var spec = TestSpecs.RandomEffects();
        var effects = spec.Data.EffectSizes;
        switch (problem)
        {
            case "negative variance":
                effects.Vi[2] = -1;
                break;
            case "NaN effect, missing values refused":
                effects.Yi[0] = double.NaN;
                spec.Data.MissingValues = MissingValues.Fail;
                break;
            case "infinite variance":
                effects.Vi[1] = double.PositiveInfinity;
                break;
            case "lengths differ":
                effects.Vi.RemoveAt(4);
                break;
            case "no data":
                spec.Data = null;
                break;
            case "no model":
                spec.Model = null;
                break;
            case "no engine":
                spec.Engine = null;
                break;
            case "engine on effect sizes":
                spec.Model = new Model { EffectSizes = new EffectSizeSpec() };
                break;
            case "unknown measure":
                spec = TestSpecs.RawMeanDifferences();
                spec.Data.Raw.Measure = "HEDGES";
                break;
            case "correlation above 1":
                spec.Data = new DataSet { Raw = new RawColumns { Measure = "COR", Ri = { 0.2, 1.2 }, Ni = { 20, 30 } } };
                break;
            case "events above group size":
                spec.Data = new DataSet { Raw = new RawColumns { Measure = "OR", Ai = { 25, 3 }, Ci = { 4, 5 }, N1I = { 20, 20 }, N2I = { 20, 20 } } };
                break;
            case "imputed correlation outside [-1, 1]":
                spec.Data = new DataSet { Raw = new RawColumns { Measure = "SMCR", M1I = { 1, 2 }, M2I = { 1, 1 }, Sd1I = { 1, 1 }, Ni = { 10, 10 }, ImputedCorrelation = 1.5 } };
                break;
            case "dose missing":
                spec.Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Linear } };
                break;
            case "dose negative":
                spec.Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Linear } };
                spec.Data.Dose.AddRange([1, 2, 3, -4, 5]);
                break;
            case "unknown moderator":
                spec.Model = new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "latitude" } } };
                break;
            case "clusters missing":
                spec.Model = new Model { ThreeLevel = new ThreeLevelSpec() };
                break;
            case "cluster empty, missing values refused":
                spec.Model = new Model { ThreeLevel = new ThreeLevelSpec() };
                spec.Data.Clusters.AddRange(["s1", "s1", " ", "s2", "s2"]);
                spec.Data.MissingValues = MissingValues.Fail;
                break;
            case "k too small":
                spec.Data = TestSpecs.Effects(1);
                break;
            case "too many effects":
                spec.Data = TestSpecs.Effects(SpecLimits.MaxEffects + 1);
                break;
            case "priors with the frequentist engine":
                spec.Priors = new Priors { Mu = new NormalPriorSpec { Sd = 1 } };
                break;
            case "tau prior scale not positive":
                spec = TestSpecs.ExactBayes();
                spec.Priors.Tau.HalfNormal.Scale = 0;
                break;
            case "three-level prior on random effects":
                spec = TestSpecs.ExactBayes();
                spec.Priors.SigmaBetween = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 1 } };
                break;
            case "Student-t without NUTS":
                spec.Model.RandomEffects.Distribution = RandomEffectsDistribution.StudentT;
                spec.Model.RandomEffects.StudentTDf = 4;
                break;
            case "moderators linearly dependent":
                spec.Model = new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "x", "twice x" } } };
                spec.Data = TestSpecs.Effects(6);
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3, 4, 5, 6 } } });
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "twice x", Continuous = new ContinuousValues { Values = { 2, 4, 6, 8, 10, 12 } } });
                break;
            case "spline knots beyond every dose":
                spec.Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Spline, Knots = { 10, 20, 30 } } };
                spec.Data.Dose.AddRange([1, 2, 3, 4, 5]);
                break;
            case "every cluster a single effect":
                spec.Model = new Model { ThreeLevel = new ThreeLevelSpec() };
                spec.Data.Clusters.AddRange(["s1", "s2", "s3", "s4", "s5"]);
                break;
            case "logarithmic curve at dose 0 without an offset":
                spec.Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Logarithmic } };
                spec.Data.Dose.AddRange([0, 1, 2, 3, 4]);
                break;
            case "subgroups on a continuous moderator":
                spec.Model = new Model { Subgroups = new SubgroupSpec { Moderator = "x" } };
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3, 4, 5 } } });
                break;
            case "exact engine without a tau prior":
                spec = TestSpecs.ExactBayes();
                spec.Priors.Tau = null;
                break;
            case "three-level exact engine without a sigma_within prior":
                spec = TestSpecs.ExactBayes();
                spec.Model = new Model { ThreeLevel = new ThreeLevelSpec() };
                spec.Data.Clusters.AddRange(["s1", "s1", "s2", "s2", "s3"]);
                spec.Priors = new Priors { SigmaBetween = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 1 } } };
                break;
            case "NUTS meta-regression without a slopes prior":
                spec = TestSpecs.ExactBayes();
                spec.Engine = new Engine { Nuts = new NutsEngine() };
                spec.Model = new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "x" } } };
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3, 4, 5 } } });
                break;
            case "Emax curve without an ED50 prior":
                spec = TestSpecs.ExactBayes();
                spec.Engine = new Engine { Nuts = new NutsEngine() };
                spec.Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Emax } };
                spec.Data.Dose.AddRange([0, 1, 2, 3, 4]);
                spec.Priors = new Priors { E0 = new NormalPriorSpec { Sd = 1 }, Emax = new NormalPriorSpec { Sd = 1 }, Tau = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 1 } } };
                break;
            case "unknown tau2 method":
                spec.Engine.Frequentist.Tau2Method = "reml";
                break;
            case "unknown Egger model":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { Egger = true, EggerModel = "glm" } };
                break;
            case "unknown selection model type":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "cauchy" } } } };
                break;
            case "cut points on a half-normal selection model":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "halfnorm", Steps = { 0.05, 1 } } } } };
                break;
            case "cut points not increasing":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "power" }, new SelectionModelSpec { Type = "stepfun", Steps = { 0.5, 0.1, 1 } } } } };
                break;
            case "unknown selection direction":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "stepfun", Alternative = "two-sided" } } } };
                break;
            case "unknown PET-PEESE direction":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { PetPeese = true, PetPeeseDirection = "up" } };
                break;
            case "step interval no study falls in":
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "stepfun", Steps = { 1e-9, 1 } } } } };
                break;
            case "selection model with more parameters than effects":
                spec.Data = TestSpecs.Effects(4);
                spec.Model = new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "beta" } } } };
                break;
            case "level outside (0, 1)":
                spec.Report = new Reporting { Level = 95 };
                break;
            case "adapt_delta of 1":
                spec.Engine = new Engine { Nuts = new NutsEngine { AdaptDelta = 1 } };
                break;
            case "spline knots not increasing":
                spec.Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Spline, Knots = { 1, 2, 2 } } };
                spec.Data.Dose.AddRange([1, 2, 3, 4, 5]);
                break;
            case "duplicate moderator name":
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3, 4, 5 } } });
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3, 4, 5 } } });
                break;
            case "moderator length differs":
                spec.Data.Moderators.Add(new ModeratorColumn { Name = "x", Continuous = new ContinuousValues { Values = { 1, 2, 3 } } });
                break;
            case "unknown robust estimator":
                spec = ThreeLevel();
                spec.Engine.Frequentist.Robust = "CR9";
                break;
            case "robust on random effects":
                spec.Data.Clusters.AddRange(["s1", "s1", "s2", "s2", "s3"]);
                spec.Engine.Frequentist.Robust = "CR2";
                break;
            case "unknown random-effects distribution":
                spec.Model.RandomEffects.Distribution = (RandomEffectsDistribution)42;
                break;
            default:
                throw new ArgumentException(problem, nameof(problem));
        }

        return spec;
    }
}
