using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Builders;

public sealed class AnalysisBuilderTests
{
    private static readonly DataSet Data = DataSetBuilder.FromEffectSizes([0.1, 0.3], [0.01, 0.02]).Build();

    [Fact]
    public void Build_RandomEffectsExactBayes_SpecCarriesEveryPart()
    {
        var spec = new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Level(0.9).Build(Data);

        Assert.Equal(Data, spec.Data);
        Assert.Equal(new RandomEffectsSpec { Distribution = RandomEffectsDistribution.Normal }, spec.Model.RandomEffects);
        Assert.Equal(new ExactBayesEngine(), spec.Engine.ExactBayes);
        Assert.Equal(new NormalPriorSpec { Mean = 0, Sd = 1 }, spec.Priors.Mu);
        Assert.Equal(0.5, spec.Priors.Tau.HalfNormal.Scale);
        Assert.Equal(0.9, spec.Report.Level);
    }

    [Fact]
    public void Build_EffectSizesOnly_NoEngineNoPriorsNoReport()
    {
        var spec = new AnalysisBuilder().EffectSizesOnly().Build(Data);

        Assert.Equal(Model.KindOneofCase.EffectSizes, spec.Model.KindCase);
        Assert.Null(spec.Engine);
        Assert.Null(spec.Priors);
        Assert.Null(spec.Report);
    }

    [Fact]
    public void StudentTRandomEffects_Df_DistributionAndDfSet()
    {
        var model = new AnalysisBuilder().StudentTRandomEffects(4).Build(Data).Model;

        Assert.Equal(new RandomEffectsSpec { Distribution = RandomEffectsDistribution.StudentT, StudentTDf = 4 }, model.RandomEffects);
    }

    [Fact]
    public void MetaRegression_Moderators_InOrderWithIntercept()
    {
        var model = new AnalysisBuilder().MetaRegression("dose", "age").Build(Data).Model;

        Assert.Equal(["dose", "age"], model.MetaRegression.Moderators);
        Assert.False(model.MetaRegression.NoIntercept);
    }

    [Fact]
    public void MetaRegression_WithoutIntercept_NoInterceptSet()
    {
        Assert.True(new AnalysisBuilder().MetaRegression(["dose"], intercept: false).Build(Data).Model.MetaRegression.NoIntercept);
    }

    [Fact]
    public void ThreeLevel_Moderators_Set()
    {
        Assert.Equal(["dose"], new AnalysisBuilder().ThreeLevel("dose").Build(Data).Model.ThreeLevel.Moderators);
    }

    [Fact]
    public void DoseResponse_SplineWithKnotCount_ScaleStructureAndModeratorsSet()
    {
        var model = new AnalysisBuilder().DoseResponse(DoseCurve.Spline(knotCount: 4), scale: 10_000, structure: Structure.ThreeLevel, "age").Build(Data).Model;

        var expected = new DoseResponseSpec { Curve = DoseResponseCurve.Spline, KnotCount = 4, Scale = 10_000, Structure = Structure.ThreeLevel };
        expected.Moderators.Add("age");
        Assert.Equal(expected, model.DoseResponse);
    }

    [Fact]
    public void DoseResponse_SplineWithKnots_KnotsSentAndNoCount()
    {
        var spec = new AnalysisBuilder().DoseResponse(DoseCurve.Spline([0.5, 1, 2])).Build(Data).Model.DoseResponse;

        Assert.Equal([0.5, 1, 2], spec.Knots);
        Assert.Equal(0u, spec.KnotCount);
        Assert.Equal(1, spec.Scale);
    }

    [Theory]
    [InlineData(DoseResponseCurve.Linear)]
    [InlineData(DoseResponseCurve.Quadratic)]
    [InlineData(DoseResponseCurve.Emax)]
    public void DoseResponse_CurveWithoutSettings_CurveSet(DoseResponseCurve curve)
    {
        var dose = curve switch
        {
            DoseResponseCurve.Linear => DoseCurve.Linear,
            DoseResponseCurve.Quadratic => DoseCurve.Quadratic,
            _ => DoseCurve.Emax,
        };

        Assert.Equal(curve, new AnalysisBuilder().DoseResponse(dose).Build(Data).Model.DoseResponse.Curve);
    }

    [Fact]
    public void DoseResponse_Logarithmic_OffsetSet()
    {
        var spec = new AnalysisBuilder().DoseResponse(DoseCurve.Logarithmic(1)).Build(Data).Model.DoseResponse;

        Assert.Equal(DoseResponseCurve.Logarithmic, spec.Curve);
        Assert.Equal(1, spec.LogOffset);
    }

    [Fact]
    public void BinomialNormal_Set()
    {
        Assert.Equal(Model.KindOneofCase.BinomialNormal, new AnalysisBuilder().BinomialNormal().Build(Data).Model.KindCase);
    }

    [Fact]
    public void Subgroups_CommonOnThreeLevels_Set()
    {
        var spec = new AnalysisBuilder().Subgroups("design", SubgroupTau2.Common, Structure.ThreeLevel).Build(Data).Model.Subgroups;

        Assert.Equal(new SubgroupSpec { Moderator = "design", Tau2 = SubgroupTau2.Common, Structure = Structure.ThreeLevel }, spec);
    }

    [Fact]
    public void Subgroups_ByDefault_Tau2LeftToTheEngine()
    {
        Assert.Equal(SubgroupTau2.Unspecified, new AnalysisBuilder().Subgroups("design").Build(Data).Model.Subgroups.Tau2);
    }

    [Fact]
    public void PublicationBias_ClassicalEggerOnly_FlagsAndModelCode()
    {
        var spec = new AnalysisBuilder().PublicationBias(begg: false, trimAndFill: false, failSafeN: false, eggerRegression: EggerRegression.Classical).Build(Data).Model.PublicationBias;

        Assert.Equal(new PublicationBiasSpec { Egger = true, EggerModel = "lm" }, spec);
    }

    [Fact]
    public void CorrelationSweep_NamedModels_CorrelationsAndModelsInOrder()
    {
        var spec = new AnalysisBuilder().CorrelationSweep(
                [0.2, 0.8],
                new NamedAnalysis("reml", new AnalysisBuilder().RandomEffects().Frequentist()),
                new NamedAnalysis("exact", new AnalysisBuilder().RandomEffects().ExactBayes().Loo()))
            .Build(Data).Model.CorrelationSweep;

        Assert.Equal([0.2, 0.8], spec.Correlations);
        Assert.Equal(["reml", "exact"], spec.Models.Select(m => m.Name));
        Assert.Equal(Engine.KindOneofCase.ExactBayes, spec.Models[1].Engine.KindCase);
        Assert.True(spec.Models[1].Report.Loo);
    }

    [Fact]
    public void ThreeLevel_WithSamplingCorrelation_IsTheCheModelsSpec()
    {
        var spec = new AnalysisBuilder().ThreeLevel(0.6, "dose").Frequentist(robust: RobustEstimator.CR2).Build(Data);

        Assert.Equal(new ThreeLevelSpec { SamplingCorrelation = 0.6, Moderators = { "dose" } }, spec.Model.ThreeLevel);
        Assert.Equal("CR2", spec.Engine.Frequentist.Robust);
        Assert.False(new AnalysisBuilder().ThreeLevel().Build(Data).Model.ThreeLevel.HasSamplingCorrelation);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().ThreeLevel(1.2));
    }

    [Fact]
    public void ThreeLevelDiagnostics_AreTheThreeLevelInfluenceAndCumulativeSpecs()
    {
        Assert.Equal(new InfluenceSpec { Structure = Structure.ThreeLevel, SamplingCorrelation = 0.6, Moderators = { "dose" } }, new AnalysisBuilder().ThreeLevelInfluence(0.6, "dose").Frequentist().Build(Data).Model.Influence);
        Assert.Equal(new InfluenceSpec { Structure = Structure.ThreeLevel }, new AnalysisBuilder().ThreeLevelInfluence().Build(Data).Model.Influence);
        Assert.Equal(new CumulativeSpec { Structure = Structure.ThreeLevel, SamplingCorrelation = 0.3 }, new AnalysisBuilder().ThreeLevelCumulative(0.3).Build(Data).Model.Cumulative);
        Assert.False(new AnalysisBuilder().ThreeLevelCumulative().Build(Data).Model.Cumulative.HasSamplingCorrelation);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().ThreeLevelInfluence(-1.5));
    }

    [Fact]
    public void ScaleCoefficientPriors_SetBothNormalPriorsAndCheckThem()
    {
        var priors = new AnalysisBuilder().RandomEffects().ScaleModerators("dose").Nuts(seed: 1).MuPrior(0, 1).ScaleCoefficientPriors(-3, 2, 0, 0.5).Build(Data).Priors;

        Assert.Equal(new NormalPriorSpec { Mean = -3, Sd = 2 }, priors.ScaleIntercept);
        Assert.Equal(new NormalPriorSpec { Mean = 0, Sd = 0.5 }, priors.ScaleSlopes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().ScaleCoefficientPriors(0, 1, 0, 0));
    }

    [Fact]
    public void ScaleModerators_OnRandomEffectsAndMetaRegression_Set()
    {
        Assert.Equal(["dose"], new AnalysisBuilder().RandomEffects().ScaleModerators("dose").Build(Data).Model.RandomEffects.ScaleModerators);
        Assert.Equal(["age"], new AnalysisBuilder().MetaRegression("dose").ScaleModerators("age").Build(Data).Model.MetaRegression.ScaleModerators);
        Assert.Throws<InvalidOperationException>(() => new AnalysisBuilder().ThreeLevel().ScaleModerators("dose"));
    }

    [Fact]
    public void Permutation_OnTheFrequentistEngine_IterationsAndSeedSet()
    {
        var spec = new AnalysisBuilder().MetaRegression("dose").Frequentist().Permutation(5000, seed: 3).Build(Data);

        Assert.Equal(new PermutationSpec { Iterations = 5000, Seed = 3 }, spec.Engine.Frequentist.Permutation);
        Assert.Throws<InvalidOperationException>(() => new AnalysisBuilder().RandomEffects().ExactBayes().Permutation());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().RandomEffects().Frequentist().Permutation(1));
    }

    [Fact]
    public void BinomialNormal_Frequentist_IsTheGlmmSpec()
    {
        var spec = new AnalysisBuilder().BinomialNormal().Frequentist(Tau2Method.MaximumLikelihood).Build(Data);

        Assert.Equal(Model.KindOneofCase.BinomialNormal, spec.Model.KindCase);
        Assert.Equal("ML", spec.Engine.Frequentist.Tau2Method);
    }

    [Fact]
    public void SamplingCorrelationSweep_SweepsTheSamplingErrors()
    {
        var spec = new AnalysisBuilder().SamplingCorrelationSweep(
                [0, 0.5, 0.9],
                new NamedAnalysis("che", new AnalysisBuilder().ThreeLevel(0.6).Frequentist(robust: RobustEstimator.CR2)))
            .Build(Data).Model.CorrelationSweep;

        Assert.Equal(CorrelationSweepTarget.SamplingErrors, spec.Target);
        Assert.Equal([0, 0.5, 0.9], spec.Correlations);
        Assert.Equal(0.6, Assert.Single(spec.Models).Model.ThreeLevel.SamplingCorrelation);
        Assert.Equal(CorrelationSweepTarget.Unspecified, new AnalysisBuilder().CorrelationSweep([0.5], new NamedAnalysis("re", new AnalysisBuilder().RandomEffects())).Build(Data).Model.CorrelationSweep.Target);
    }

    [Fact]
    public void CorrelationSweep_DuplicateNames_Throws()
    {
        var model = new AnalysisBuilder().RandomEffects();

        Assert.Throws<ArgumentException>(() => new AnalysisBuilder().CorrelationSweep([0.5], new NamedAnalysis("a", model), new NamedAnalysis("a", model)));
    }

    [Fact]
    public void CorrelationSweep_CorrelationAboveOne_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().CorrelationSweep([0.5, 1.2], new NamedAnalysis("a", new AnalysisBuilder())));

        Assert.Equal("correlations[1]", error.ParamName);
    }

    [Fact]
    public void CorrelationSweep_NoModel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AnalysisBuilder().CorrelationSweep([0.5]));
    }

    [Fact]
    public void Influence_Moderators_Set()
    {
        Assert.Equal(["dose"], new AnalysisBuilder().Influence("dose").Build(Data).Model.Influence.Moderators);
    }

    [Fact]
    public void Cumulative_Set()
    {
        Assert.Equal(Model.KindOneofCase.Cumulative, new AnalysisBuilder().Cumulative().Build(Data).Model.KindCase);
    }

    [Fact]
    public void ReferenceLevel_KeptAcrossAChangeOfKind()
    {
        var model = new AnalysisBuilder().ReferenceLevel("design", "blind").MetaRegression("design").Build(Data).Model;

        Assert.Equal("blind", model.ReferenceLevels["design"]);
    }

    [Theory]
    [InlineData(Tau2Method.Reml, "REML")]
    [InlineData(Tau2Method.MaximumLikelihood, "ML")]
    [InlineData(Tau2Method.DerSimonianLaird, "DL")]
    [InlineData(Tau2Method.Hedges, "HE")]
    [InlineData(Tau2Method.HunterSchmidt, "HS")]
    [InlineData(Tau2Method.SidikJonkman, "SJ")]
    [InlineData(Tau2Method.EmpiricalBayes, "EB")]
    [InlineData(Tau2Method.PauleMandel, "PM")]
    [InlineData(Tau2Method.EqualEffects, "EE")]
    public void Frequentist_Tau2Method_SendsMetaforsCode(Tau2Method method, string code)
    {
        Assert.Equal(code, new AnalysisBuilder().Frequentist(method).Build(Data).Engine.Frequentist.Tau2Method);
    }

    [Theory]
    [InlineData(CoefficientTest.Z, "z")]
    [InlineData(CoefficientTest.T, "t")]
    [InlineData(CoefficientTest.KnappHartung, "knha")]
    public void Frequentist_Test_SendsMetaforsCode(CoefficientTest test, string code)
    {
        Assert.Equal(code, new AnalysisBuilder().Frequentist(test: test).Build(Data).Engine.Frequentist.Test);
    }

    [Theory]
    [InlineData(RobustEstimator.CR0, "CR0")]
    [InlineData(RobustEstimator.CR1, "CR1")]
    [InlineData(RobustEstimator.CR1p, "CR1p")]
    [InlineData(RobustEstimator.CR2, "CR2")]
    public void Frequentist_Robust_SendsClubSandwichsCode(RobustEstimator robust, string code)
    {
        Assert.Equal(code, new AnalysisBuilder().ThreeLevel().Frequentist(robust: robust).Build(Data).Engine.Frequentist.Robust);
    }

    [Fact]
    public void Frequentist_Defaults_RemlZModelBased()
    {
        Assert.Equal(new FrequentistEngine { Tau2Method = "REML", Test = "z" }, new AnalysisBuilder().Frequentist().Build(Data).Engine.Frequentist);
    }

    [Fact]
    public void Frequentist_MethodOutsideTheEnum_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().Frequentist((Tau2Method)42));
    }

    [Fact]
    public void Nuts_Defaults_EverySettingSentExplicitly()
    {
        var nuts = new AnalysisBuilder().Nuts(seed: 7).Build(Data).Engine.Nuts;

        Assert.Equal(new NutsEngine { Seed = 7, Chains = 4, Warmup = 1000, Draws = 1000, AdaptDelta = 0.8, MaxTreeDepth = 10 }, nuts);
    }

    [Fact]
    public void Nuts_Settings_Set()
    {
        var nuts = new AnalysisBuilder().Nuts(1, chains: 2, warmup: 500, draws: 300, adaptDelta: 0.95, maxTreeDepth: 12, partialSummaryEvery: 50).Build(Data).Engine.Nuts;

        Assert.Equal(new NutsEngine { Seed = 1, Chains = 2, Warmup = 500, Draws = 300, AdaptDelta = 0.95, MaxTreeDepth = 12, PartialSummaryEvery = 50 }, nuts);
    }

    [Theory]
    [InlineData(0, 1000, 1000, 0.8, 10, "chains")]
    [InlineData(4, 0, 1000, 0.8, 10, "warmup")]
    [InlineData(4, 1000, -1, 0.8, 10, "draws")]
    [InlineData(4, 1000, 1000, 1.0, 10, "adaptDelta")]
    [InlineData(4, 1000, 1000, 0.0, 10, "adaptDelta")]
    [InlineData(4, 1000, 1000, 0.8, 0, "maxTreeDepth")]
    public void Nuts_SettingOutOfRange_ThrowsNamingIt(int chains, int warmup, int draws, double adaptDelta, int maxTreeDepth, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().Nuts(1, chains, warmup, draws, adaptDelta, maxTreeDepth));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void ExactBayes_Tolerance_Set()
    {
        Assert.Equal(1e-6, new AnalysisBuilder().ExactBayes(1e-6).Build(Data).Engine.ExactBayes.IntegrationTolerance);
    }

    [Fact]
    public void ExactBayes_ToleranceZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().ExactBayes(0));
    }

    [Fact]
    public void Priors_EveryParameter_Set()
    {
        var priors = new AnalysisBuilder()
            .SlopesPrior(0, 0.5)
            .SigmaBetweenPrior(ScalePriors.HalfNormal(0.3))
            .SigmaWithinPrior(ScalePriors.HalfCauchy(0.2))
            .EmaxPriors(0, 1, 0.5, 2, PositivePriors.Gamma(2, 1))
            .Build(Data).Priors;

        Assert.Equal(new NormalPriorSpec { Mean = 0, Sd = 0.5 }, priors.Slopes);
        Assert.Equal(0.3, priors.SigmaBetween.HalfNormal.Scale);
        Assert.Equal(0.2, priors.SigmaWithin.HalfCauchy.Scale);
        Assert.Equal(new NormalPriorSpec { Mean = 0, Sd = 1 }, priors.E0);
        Assert.Equal(new NormalPriorSpec { Mean = 0.5, Sd = 2 }, priors.Emax);
        Assert.Equal(2, priors.Ed50.Gamma.Shape);
    }

    [Fact]
    public void MuPrior_SdNotPositive_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().MuPrior(0, -1));

        Assert.Equal("sd", error.ParamName);
    }

    [Fact]
    public void Reporting_EveryFlag_Set()
    {
        var report = new AnalysisBuilder().Predictive().Loo().MarginalLikelihood().Hpd().PlotData().Build(Data).Report;

        Assert.Equal(new Reporting { Predictive = true, Loo = true, MarginalLikelihood = true, Hpd = true, PlotData = true }, report);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(95)]
    public void Level_OutsideZeroToOne_Throws(double level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().Level(level));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void Spline_FewerThanThreeKnots_Throws(int knotCount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DoseCurve.Spline(knotCount));
    }

    [Fact]
    public void Spline_TwoKnots_Throws()
    {
        Assert.Throws<ArgumentException>(() => DoseCurve.Spline([1.0, 2.0]));
    }

    [Fact]
    public void DoseResponse_ScaleZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisBuilder().DoseResponse(DoseCurve.Linear, scale: 0));
    }

    [Fact]
    public void Build_BuilderChangedAfterwards_SpecUnchanged()
    {
        var builder = new AnalysisBuilder().RandomEffects().Frequentist();
        var spec = builder.Build(Data);

        builder.ThreeLevel().Nuts(3).Hpd();

        Assert.Equal(Model.KindOneofCase.RandomEffects, spec.Model.KindCase);
        Assert.Equal(Engine.KindOneofCase.Frequentist, spec.Engine.KindCase);
        Assert.Null(spec.Report);
    }
}
