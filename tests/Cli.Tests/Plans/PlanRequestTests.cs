using System.Globalization;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Remote;
using MetaAnalysis.Cli.Tests.Remote;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Cli.Tests.Plans;

/// <summary>The analysis plan as the service's batch: every model the server accepts, meaning kept, what cannot be sent refused by field.</summary>
public sealed class PlanRequestTests : IDisposable
{
    private readonly RemotePlans plans = new();

    private static string ExamplePlanPath => Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "plan.yaml");

    [Fact]
    public void Map_ExamplePlan_EveryModelPassesTheServersValidation()
    {
        var (plan, batch) = MapExample();

        // Every plan model, the two correlation sweeps (pre/post and ρ), the publication-bias checks and the two
        // diagnostics of the random-effects and of the three-level model.
        Assert.Equal(plan.Models.Count + 7, batch.Request.Models.Count);
        Assert.Equal(
            [PlanRequest.InfluenceModel, PlanRequest.CumulativeModel, PlanRequest.ThreeLevelInfluenceModel, PlanRequest.ThreeLevelCumulativeModel],
            batch.Request.Models.TakeLast(4).Select(m => m.Name));
        Assert.All(batch.Request.Models.TakeLast(2), m => Assert.Equal(Structure.ThreeLevel, m.Model.KindCase == Model.KindOneofCase.Influence ? m.Model.Influence.Structure : m.Model.Cumulative.Structure));
        DataSetReader.Read(batch.Request.Data, "data");
        for (var i = 0; i < batch.Request.Models.Count; i++)
        {
            var model = batch.Request.Models[i];
            var spec = new ModelSpec { Data = batch.Request.Data, Model = model.Model, Engine = model.Engine, Priors = model.Priors, Report = model.Report };
            var exception = Record.Exception(() => AnalysisValidator.Validate(spec, $"models[{i}]", "data"));
            Assert.True(exception is null, $"{model.Name}: {exception?.Message}");
        }

        var kinds = batch.Request.Models.Select(m => m.Model.KindCase).ToHashSet();
        Assert.Equal(
            new[] { Model.KindOneofCase.RandomEffects, Model.KindOneofCase.Subgroups, Model.KindOneofCase.ThreeLevel, Model.KindOneofCase.DoseResponse, Model.KindOneofCase.CorrelationSweep, Model.KindOneofCase.PublicationBias, Model.KindOneofCase.Influence, Model.KindOneofCase.Cumulative }.Order(),
            kinds.Order());
    }

    [Fact]
    public void Map_ExamplePlan_EachModelAloneIsAValidSpec()
    {
        var (_, batch) = MapExample();

        foreach (var name in batch.ModelNames)
        {
            var exception = Record.Exception(() => AnalysisValidator.Validate(batch.Spec(name), "spec"));
            Assert.True(exception is null, $"{name}: {exception?.Message}");
        }
    }

    [Fact]
    public void Map_ExamplePlan_SendsTheRawColumnsUnderMetaforsNames()
    {
        var (_, batch) = MapExample();
        var csv = ReadCsv(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "rtms_synthetic.csv"));
        var data = batch.Request.Data;

        Assert.Equal("SMCC", data.Raw.Measure);
        Assert.Equal(Numbers(csv, "post_mean"), data.Raw.M1I);
        Assert.Equal(Numbers(csv, "pre_mean"), data.Raw.M2I);
        Assert.Equal(Numbers(csv, "post_sd"), data.Raw.Sd1I);
        Assert.Equal(Numbers(csv, "pre_sd"), data.Raw.Sd2I);
        Assert.Equal(Numbers(csv, "n"), data.Raw.Ni);
        Assert.Equal(Numbers(csv, "r_prepost"), data.Raw.Ri);
        Assert.Equal(0.5, data.Raw.ImputedCorrelation);
        Assert.Equal(csv["study"], data.Clusters);
        // The plan's label columns (study, metabolite, group) joined by spaces.
        Assert.Equal(csv["study"].Select((s, i) => $"{s} {csv["metabolite"][i]} {csv["group"][i]}"), data.Labels);
    }

    [Fact]
    public void Map_ExamplePlan_KeepsEnginesPriorsAndSamplerSettings()
    {
        var (_, batch) = MapExample();
        NamedModel Named(string name) => batch.Request.Models.Single(m => m.Name == name);

        var robust = Named("three-level, CR2 robust");
        Assert.Equal(Model.KindOneofCase.ThreeLevel, robust.Model.KindCase);
        Assert.Equal("CR2", robust.Engine.Frequentist.Robust);
        Assert.Equal("REML", robust.Engine.Frequentist.Tau2Method);
        Assert.Equal("z", robust.Engine.Frequentist.Test);

        var cauchy = Named("Bayes RE, tau ~ half-Cauchy(0.3)");
        Assert.Equal(Model.KindOneofCase.RandomEffects, cauchy.Model.KindCase);
        Assert.Equal(Engine.KindOneofCase.ExactBayes, cauchy.Engine.KindCase);
        Assert.Equal(0.3, cauchy.Priors.Tau.HalfCauchy.Scale);
        Assert.Equal((0.0, 1.0), (cauchy.Priors.Mu.Mean, cauchy.Priors.Mu.Sd));
        Assert.True(cauchy.Report.MarginalLikelihood);
        Assert.True(cauchy.Report.Predictive);

        var uniform = Named("Bayes RE, tau ~ uniform(0, 2)");
        Assert.Equal(2, uniform.Priors.Tau.Uniform.Upper);

        var threeLevel = Named("Bayes three-level");
        Assert.Equal(Model.KindOneofCase.ThreeLevel, threeLevel.Model.KindCase);
        Assert.Equal(0.5, threeLevel.Priors.SigmaBetween.HalfNormal.Scale);
        Assert.Equal(0.5, threeLevel.Priors.SigmaWithin.HalfNormal.Scale);
        Assert.Null(threeLevel.Priors.Tau);

        var emax = Named("Bayes dose, Emax");
        Assert.Equal(DoseResponseCurve.Emax, emax.Model.DoseResponse.Curve);
        Assert.Equal((20240601UL, 4U, 1000U, 1000U), (emax.Engine.Nuts.Seed, emax.Engine.Nuts.Chains, emax.Engine.Nuts.Warmup, emax.Engine.Nuts.Draws));
        Assert.Equal((1.4, 1.0), (emax.Priors.Ed50.LogNormal.Meanlog, emax.Priors.Ed50.LogNormal.Sdlog));
        Assert.Equal((0.0, 1.0), (emax.Priors.E0.Mean, emax.Priors.E0.Sd));
        Assert.Equal(0.5, emax.Priors.Tau.HalfNormal.Scale);
        Assert.True(emax.Report.Loo);
    }

    [Fact]
    public void Map_ExamplePlan_DoseGoesOnceUnscaledAndEachCurveCarriesItsScale()
    {
        var (_, batch) = MapExample();
        var csv = ReadCsv(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "rtms_synthetic.csv"));

        Assert.Equal(Numbers(csv, "pulses_total"), batch.Request.Data.Dose);
        var linear = batch.Request.Models.Single(m => m.Name == "dose, linear (three-level)").Model.DoseResponse;
        Assert.Equal((DoseResponseCurve.Linear, 10000.0, Structure.ThreeLevel), (linear.Curve, linear.Scale, linear.Structure));
        var spline = batch.Request.Models.Single(m => m.Name == "dose, spline (three-level)").Model.DoseResponse;
        Assert.Equal((DoseResponseCurve.Spline, 3u), (spline.Curve, spline.KnotCount));
        var emax = batch.Request.Models.Single(m => m.Name == "Bayes dose, Emax").Model.DoseResponse;
        Assert.Equal((DoseResponseCurve.Emax, 10000.0, Structure.ThreeLevel), (emax.Curve, emax.Scale, emax.Structure));
    }

    [Fact]
    public void Map_ExamplePlan_SplineKnotsAreHarrellsQuantilesOfTheScaledDose()
    {
        var (_, batch) = MapExample();
        var analysis = AnalysisValidator.Validate(batch.Spec("dose, spline (three-level)"), "spec");
        var scaled = batch.Request.Data.Dose.Select(d => d / 10000).ToArray();
        var knots = MetaAnalysis.Core.Splines.RestrictedCubicSpline.DefaultKnots(scaled, 3);

        // The design's spline columns are the basis on those knots, evaluated at each effect's dose.
        var basis = MetaAnalysis.Core.Bayesian.Exact.DoseResponseBasis.RestrictedCubicSpline(knots, 10000);
        for (var i = 0; i < scaled.Length; i++)
        {
            Assert.Equal(basis.Row(batch.Request.Data.Dose[i]), analysis.Design.X.Row(i).ToArray());
        }
    }

    [Fact]
    public void Map_Subgroups_AreASubgroupsModelFittedAsTheLocalRunFitsThem()
    {
        var (_, batch) = MapExample();
        var byGroup = batch.Request.Models.Single(m => m.Name == "by group");
        var bayesByGroup = batch.Request.Models.Single(m => m.Name == "Bayes by group");

        // Unspecified τ² pooling: separate per subgroup on the frequentist engine, common on the Bayesian ones.
        Assert.Equal("group", byGroup.Model.Subgroups.Moderator);
        Assert.Equal(SubgroupTau2.Unspecified, byGroup.Model.Subgroups.Tau2);
        Assert.Equal("group", bayesByGroup.Model.Subgroups.Moderator);
        Assert.True(AnalysisValidator.Validate(batch.Spec("by group"), "spec").Subgroups!.SeparateTau2);
        Assert.False(AnalysisValidator.Validate(batch.Spec("Bayes by group"), "spec").Subgroups!.SeparateTau2);
        Assert.Equal(0, bayesByGroup.Priors.Slopes.Mean);
        // No reference level in the plan: the first level in sorted order, as R's treatment contrasts.
        var design = AnalysisValidator.Validate(batch.Spec("Bayes by group"), "spec").Design;
        Assert.DoesNotContain("groupnonresponder", design.ColumnNames);
        Assert.Contains("groupresponder", design.ColumnNames);
    }

    [Fact]
    public void Build_ExamplePlan_SendsTheSweepAsAModelOfItsOwn()
    {
        var (plan, batch) = MapExample();
        var sweep = batch.Request.Models.Single(m => m.Name == PlanRequest.SensitivityModel).Model.CorrelationSweep;

        Assert.Equal(plan.Sensitivity!.Correlations, sweep.Correlations);
        Assert.Equal(plan.Sensitivity.Models, sweep.Models.Select(m => m.Name));
        var swept = sweep.Models.Single(m => m.Name == "three-level (REML)");
        Assert.Equal(batch.Request.Models.Single(m => m.Name == "three-level (REML)").Model, swept.Model);
    }

    [Fact]
    public void Build_ExamplePlan_SendsTheCheModelAndItsRhoSweep()
    {
        var (plan, batch) = MapExample();
        var che = batch.Request.Models.Single(m => m.Name == "CHE, rho 0.6, CR2 robust");
        var sweep = batch.Request.Models.Single(m => m.Name == PlanRequest.RhoSensitivityModel).Model.CorrelationSweep;

        Assert.Equal(0.6, che.Model.ThreeLevel.SamplingCorrelation);
        Assert.Equal("CR2", che.Engine.Frequentist.Robust);
        Assert.False(batch.Request.Models.Single(m => m.Name == "three-level, CR2 robust").Model.ThreeLevel.HasSamplingCorrelation);
        Assert.Equal(CorrelationSweepTarget.SamplingErrors, sweep.Target);
        Assert.Equal(plan.RhoSensitivity!.Correlations, sweep.Correlations);
        Assert.Equal(che.Model, sweep.Models[0].Model);
        Assert.Equal(Engine.KindOneofCase.ExactBayes, sweep.Models.Single(m => m.Name == "Bayes CHE, rho 0.6").Engine.KindCase);
    }

    [Fact]
    public void Validate_RhoThatMakesVSingular_NamesThePlansRho()
    {
        var plan = PlanReader.Parse(RhoPlan("rho: 1", string.Empty), "plan.yaml", null);
        var (_, batch) = MapWithExampleData(plan);

        var error = Assert.Throws<InvalidInputException>(() => PlanRequest.Validate(batch.Request, plan, MetaAnalysis.Cli.Examples.RtmsExample.EmbeddedTable()));

        Assert.Equal("models[0].rho", error.Field);
        Assert.Contains("singular", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SweptRhoThatMakesVSingular_NamesTheSweepsCorrelation()
    {
        var plan = PlanReader.Parse(RhoPlan("rho: 0.5", "rho_sensitivity: { correlations: [0.5, -0.9], models: [che] }"), "plan.yaml", null);
        var (_, batch) = MapWithExampleData(plan);

        var error = Assert.Throws<InvalidInputException>(() => PlanRequest.Validate(batch.Request, plan, MetaAnalysis.Cli.Examples.RtmsExample.EmbeddedTable()));

        Assert.Equal("rho_sensitivity.correlations[1]", error.Field);
    }

    private static string RhoPlan(string rho, string sweep) => $$"""
        data:
          measure: SMCC
          columns: { m1i: post_mean, m2i: pre_mean, sd1i: post_sd, sd2i: pre_sd, ni: n, ri: r_prepost }
          imputed_correlation: 0.5
          study: study
        models:
          - name: che
            structure: three_level
            {{rho}}
        {{sweep}}
        """;

    private static (AnalysisPlan Plan, PlanBatch Batch) MapWithExampleData(AnalysisPlan plan) => (plan, PlanRequest.Build(plan, MetaAnalysis.Cli.Examples.RtmsExample.EmbeddedTable()));

    [Fact]
    public void Map_LocationScaleAndPermutation_SendScaleModeratorsAndThePermutationTest()
    {
        var batch = Map("""
            models:
              - name: ls
                method: ML
                scale_moderators: [year]
              - name: perm
                moderators: [year]
                permutation: { iterations: 2000, seed: 9 }
              - name: perm default
                permutation: true
            """);

        var ls = batch.Request.Models.Single(m => m.Name == "ls");
        Assert.Equal(["year"], ls.Model.RandomEffects.ScaleModerators);
        Assert.Equal("ML", ls.Engine.Frequentist.Tau2Method);
        var perm = batch.Request.Models.Single(m => m.Name == "perm");
        Assert.Equal(new PermutationSpec { Iterations = 2000, Seed = 9 }, perm.Engine.Frequentist.Permutation);
        Assert.Equal(1000U, batch.Request.Models.Single(m => m.Name == "perm default").Engine.Frequentist.Permutation.Iterations);
        foreach (var name in new[] { "ls", "perm", "perm default" })
        {
            var exception = Record.Exception(() => AnalysisValidator.Validate(batch.Spec(name), "spec"));
            Assert.True(exception is null, exception?.Message);
        }
    }

    [Fact]
    public void Map_BinomialNormalStructure_IsTheGlmmOnTheFrequentistEngine()
    {
        const string tables = """
            study,ai,bi,ci,di
            a,4,119,11,128
            b,6,300,29,274
            c,3,228,11,209
            d,62,13536,248,12619
            e,33,5036,47,5761
            """;
        var plan = PlanReader.Load(plans.Write("""
            data: { file: studies.csv, measure: OR, study: study }
            models:
              - name: glmm
                structure: binomial_normal
            """, tables).FullName);
        var batch = PlanRequest.Build(plan, StudyTable.Load(plan.DataPath!));

        var glmm = batch.Request.Models.Single(m => m.Name == "glmm");
        Assert.Equal(Model.KindOneofCase.BinomialNormal, glmm.Model.KindCase);
        Assert.Equal("ML", glmm.Engine.Frequentist.Tau2Method);
        var result = MetaAnalysis.Analysis.Fitting.FitterCatalog.Default.Fit(batch.Spec("glmm"), MetaAnalysis.Analysis.Fitting.NullFitObserver.Instance, default);
        var direct = Core.Frequentist.Glmm.OddsRatioGlmm.Fit([4, 6, 3, 62, 33], [119, 300, 228, 13536, 5036], [11, 29, 11, 248, 47], [128, 274, 209, 12619, 5761]);
        Assert.Equal(direct.Coefficient.Estimate, result.Coefficients[0].Estimate);
        Assert.Equal(direct.Tau2, result.Heterogeneity.Tau2);
    }

    [Fact]
    public void Map_PublicationBias_IsAFrequentistModelWithThePlansChecks()
    {
        var batch = Map("publication_bias: { egger: true, begg: false, trim_and_fill: false, fail_safe_n: true }\nmodels:\n  - name: re\n");
        var bias = batch.Request.Models.Single(m => m.Name == MetaAnalysis.ClientSdk.Builders.BatchBuilder.PublicationBiasModelName);

        Assert.Equal((true, false, false, true), (bias.Model.PublicationBias.Egger, bias.Model.PublicationBias.Begg, bias.Model.PublicationBias.TrimAndFill, bias.Model.PublicationBias.FailSafeN));
        Assert.Equal(Engine.KindOneofCase.Frequentist, bias.Engine.KindCase);
    }

    [Fact]
    public void Map_NoChecksAsked_SendsNoPublicationBiasModel()
    {
        var batch = Map("publication_bias: { egger: false, begg: false, trim_and_fill: false, fail_safe_n: false }\nmodels:\n  - name: re\n");

        Assert.Equal(["re"], batch.ModelNames);
    }

    [Fact]
    public void Map_PlanModelCalledPublicationBias_ChecksGetAnotherName()
    {
        var batch = Map("models:\n  - name: publication bias\n");

        Assert.Equal(["publication bias", "publication bias (2)"], batch.ModelNames);
    }

    [Fact]
    public void Map_TableWithYiAndSei_SendsEffectSizesWithSquaredStandardErrors()
    {
        var batch = Map("models:\n  - name: re\n");
        var sei = new[] { 0.20, 0.22, 0.17, 0.25, 0.14, 0.21, 0.19, 0.28 };

        Assert.Equal(new[] { 0.30, 0.10, 0.55, -0.05, 0.25, 0.40, 0.15, 0.60 }, batch.Request.Data.EffectSizes.Yi);
        Assert.Equal(sei.Select(s => s * s), batch.Request.Data.EffectSizes.Vi);
        Assert.Equal(["A", "A", "B", "C", "D", "D", "E", "F"], batch.Request.Data.Clusters);
    }

    [Fact]
    public void Map_SameTextColumnWithTwoReferences_SendsOneColumnAndEachModelsReference()
    {
        var batch = Map("""
            models:
              - name: open reference
                moderators: [design]
              - name: sham reference
                moderators: [design]
                reference: { design: sham }
            """);

        var column = Assert.Single(batch.Request.Data.Moderators);
        Assert.Equal("design", column.Name);
        Assert.Empty(batch.Request.Models[0].Model.ReferenceLevels);
        Assert.Equal("sham", batch.Request.Models[1].Model.ReferenceLevels["design"]);
        var design = AnalysisValidator.Validate(batch.Spec("sham reference"), "spec").Design;
        Assert.DoesNotContain("designsham", design.ColumnNames);
        Assert.Contains("designopen", design.ColumnNames);
    }

    [Fact]
    public void Map_FrequentistOptions_UseTheContractsCodes()
    {
        var batch = Map("""
            models:
              - name: fe
                method: FE
                test: hksj
              - name: ml three-level
                structure: three_level
                method: ml
                moderators: [year]
            """);

        Assert.Equal(("EE", "knha"), (batch.Request.Models[0].Engine.Frequentist.Tau2Method, batch.Request.Models[0].Engine.Frequentist.Test));
        Assert.Equal("ML", batch.Request.Models[1].Engine.Frequentist.Tau2Method);
        Assert.Equal(["year"], batch.Request.Models[1].Model.ThreeLevel.Moderators);
        Assert.False(batch.Request.Models[1].Report?.Predictive ?? false);
        Assert.Equal([2001.0, 2001, 2004, 2008, 2010, 2010, 2015, 2018], batch.Request.Data.Moderators.Single().Continuous.Values);
    }

    [Theory]
    [InlineData("CR0")]
    [InlineData("CR1")]
    [InlineData("CR1p")]
    [InlineData("CR2")]
    public void Map_RobustEstimator_IsTheFrequentistEnginesOption(string estimator)
    {
        var batch = Map($"models:\n  - name: robust\n    structure: three_level\n    robust: {estimator}\n");

        Assert.Equal(estimator, batch.Request.Models[0].Engine.Frequentist.Robust);
        Assert.Equal(Model.KindOneofCase.ThreeLevel, batch.Request.Models[0].Model.KindCase);
    }

    [Fact]
    public void Map_TwoDoseColumns_IsBadInputNamingTheSecondDose()
    {
        var plan = "models:\n  - name: a\n    dose: { column: year, curve: linear, scale: 1000 }\n  - name: b\n    dose: { column: n, curve: linear }\n";

        var exception = Assert.Throws<InvalidInputException>(() => Map(plan));

        Assert.Equal("models[1].dose.column", exception.Field);
    }

    [Fact]
    public void Spec_UnknownModel_IsBadInputListingTheModels()
    {
        var batch = Map("models:\n  - name: re\n");

        var exception = Assert.Throws<InvalidInputException>(() => batch.Spec("nope"));

        Assert.Equal("--model", exception.Field);
        Assert.Contains("re; publication bias", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_BadCell_IsReportedWithItsLineBeforeAnythingIsSent()
    {
        var file = plans.Write("data: { file: studies.csv, study: study }\nmodels:\n  - name: re\n", RemotePlans.Studies.Replace("0.17", "abc", StringComparison.Ordinal));
        var plan = PlanReader.Load(file.FullName);

        var exception = Assert.Throws<StudyTableException>(() => PlanRequest.Build(plan, StudyTable.Load(plan.DataPath!)));

        Assert.Contains("sei", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => plans.Dispose();

    [Fact]
    public void Map_PublicationBiasExample_SendsPetPeeseEverySelectionModelAndTheModelAverage()
    {
        var plan = PlanReader.Load(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "hackshaw", "plan.yaml"));
        var batch = PlanRequest.Build(plan, StudyTable.Load(plan.DataPath!));

        var bias = batch.Request.Models.Single(m => m.Model.KindCase == Model.KindOneofCase.PublicationBias);
        Assert.True(bias.Model.PublicationBias.PetPeese);
        Assert.Equal(["stepfun", "stepfun", "halfnorm", "negexp", "logistic", "power", "beta"], bias.Model.PublicationBias.SelectionModels.Select(m => m.Type));
        Assert.Equal([0.025, 0.5, 1], bias.Model.PublicationBias.SelectionModels[1].Steps);
        var exception = Record.Exception(() => AnalysisValidator.Validate(batch.Spec(bias.Name), "spec"));
        Assert.True(exception is null, exception?.Message);

        var averaging = batch.Request.Models.Single(m => m.Model.KindCase == Model.KindOneofCase.RobustAveraging);
        Assert.Equal(Engine.KindOneofCase.ExactBayes, averaging.Engine.KindCase);
        Assert.Empty(averaging.Model.RobustAveraging.Bias);
        Assert.Null(Record.Exception(() => AnalysisValidator.Validate(batch.Spec(averaging.Name), "spec")));
    }

    private static (AnalysisPlan Plan, PlanBatch Batch) MapExample()
    {
        var plan = PlanReader.Load(ExamplePlanPath);
        return (plan, PlanRequest.Build(plan, StudyTable.Load(plan.DataPath!)));
    }

    private PlanBatch Map(string models)
    {
        var plan = PlanReader.Load(plans.Write("data: { file: studies.csv, study: study }\n" + models).FullName);
        return PlanRequest.Build(plan, StudyTable.Load(plan.DataPath!));
    }

    private static Dictionary<string, string[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(',').Select(v => v.Trim('"')).ToArray()).ToArray();
        return lines[0].Select((name, j) => (name, values: lines.Skip(1).Select(r => r[j]).ToArray())).ToDictionary(c => c.name, c => c.values);
    }

    private static double[] Numbers(Dictionary<string, string[]> csv, string column) =>
        csv[column].Select(v => v.Length == 0 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
