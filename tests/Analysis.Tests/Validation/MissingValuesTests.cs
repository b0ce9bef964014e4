using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Validation;

/// <summary>
/// Effects with a missing value: each model leaves out the effects missing a value it uses and lists them,
/// as metafor's na.omit (figures from metafor 4.8 on dat.bcg with cells set to NA), or refuses them.
/// </summary>
public sealed class MissingValuesTests
{
    private static readonly double[] Ablat = [44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33];

    /// <summary>dat.bcg as 2x2 tables (measure RR), <c>tpos</c> of the third trial missing when <paramref name="missingTpos"/>.</summary>
    private static DataSet Bcg(bool missingTpos)
    {
        var raw = new RawColumns
        {
            Measure = "RR",
            Ai = { 4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27 },
            Bi = { 119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886 },
            Ci = { 11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29 },
            Di = { 128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825 },
        };
        if (missingTpos)
        {
            raw.Ai[2] = double.NaN;
        }

        return new DataSet { Raw = raw, Labels = { Enumerable.Range(1, 13).Select(i => $"trial {i}") } };
    }

    private static ModelSpec Reml(DataSet data, Model model) => new()
    {
        Data = data,
        Model = model,
        Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } },
    };

    [Fact]
    public void Fit_MissingCell_LeavesTheEffectOutAndListsIt()
    {
        // R: b <- dat.bcg; b$tpos[3] <- NA; rma(yi, vi, data = escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = b))
        var result = FitterCatalog.Default.Fit(Reml(Bcg(missingTpos: true), new Model { RandomEffects = new RandomEffectsSpec() }), NullFitObserver.Instance, default);

        Assert.Equal(12, result.K);
        var omitted = Assert.Single(result.Omitted);
        Assert.Equal((2, "trial 3", "ai"), (omitted.Row, omitted.Label, omitted.Missing));
        Assert.Equal(-0.68555441797283179, result.Coefficients[0].Estimate, 1e-6);
        Assert.Equal(0.18570622711370866, result.Coefficients[0].Se, 1e-6);
        Assert.Equal(0.32073805688721874, result.Heterogeneity.Tau2, 1e-6);
        Assert.Equal(150.19704445795261449, result.Heterogeneity.Qe, 1e-6);
        Assert.True(double.IsNaN(result.EffectSizes.Yi[2]));
        Assert.Equal(13, result.EffectSizes.Yi.Count);
    }

    [Fact]
    public void Batch_MissingModerator_OnlyTheModelsUsingItLeaveTheEffectOut()
    {
        // R: b2 <- dat.bcg; b2$ablat[5] <- NA; rma(yi, vi, mods = ~ ablat, data = ..., control = list(threshold = 1e-12))
        // (k = 12; metafor's default threshold stops 4e-6 short of the optimum) and rma(yi, vi, data = ...) (k = 13).
        var data = Bcg(missingTpos: false);
        var ablat = new ContinuousValues { Values = { Ablat } };
        ablat.Values[4] = double.NaN;
        data.Moderators.Add(new ModeratorColumn { Name = "ablat", Continuous = ablat });
        var request = new SubmitBatchRequest { Data = data };
        var engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } };
        request.Models.Add(new NamedModel { Name = "RE", Model = new Model { RandomEffects = new RandomEffectsSpec() }, Engine = engine });
        request.Models.Add(new NamedModel { Name = "MR", Model = new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "ablat" } } }, Engine = engine });

        var (models, comparison) = BatchRunner.Run(request);

        var randomEffects = models[0].Result!;
        Assert.Equal(13, randomEffects.K);
        Assert.Empty(randomEffects.Omitted);
        Assert.Equal(0.31324332598089488, randomEffects.Heterogeneity.Tau2, 1e-6);
        var regression = models[1].Result!;
        Assert.Equal(12, regression.K);
        Assert.Equal((4, "moderator ablat"), (regression.Omitted.Single().Row, regression.Omitted.Single().Missing));
        Assert.Equal(0.2725310251425708818, regression.Coefficients[0].Estimate, 1e-8);
        Assert.Equal(-0.0296702548030776080, regression.Coefficients[1].Estimate, 1e-8);
        Assert.Equal(0.0087510613714390697, regression.Coefficients[1].Se, 1e-8);
        Assert.Equal(0.1030947852079229232, regression.Heterogeneity.Tau2, 1e-8);
        Assert.Equal(11.4953207254295204365, regression.ModeratorTest.Statistic, 1e-6);
        Assert.Contains(comparison.Notes, n => n.StartsWith("Not every model used the same effects", StringComparison.Ordinal) && n.Contains("MR", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingValuesRefused_NamesTheCell()
    {
        var data = Bcg(missingTpos: true);
        data.MissingValues = MissingValues.Fail;

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(Reml(data, new Model { RandomEffects = new RandomEffectsSpec() }), "spec"));

        Assert.Equal("spec.data.raw.ai[2]", error.Field);
        Assert.Contains("set to fail", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingLevelOfAnUnusedModerator_LeavesNothingOut()
    {
        var data = Bcg(missingTpos: false);
        data.Moderators.Add(new ModeratorColumn { Name = "allocation", Categorical = new CategoricalValues { Values = { Enumerable.Repeat("random", 12).Append(string.Empty) } } });
        data.MissingValues = MissingValues.Fail;

        var analysis = AnalysisValidator.Validate(Reml(data, new Model { RandomEffects = new RandomEffectsSpec() }), "spec");

        Assert.Equal(13, analysis.Data.K);
        Assert.Empty(analysis.Data.Omitted);
    }

    [Fact]
    public void Validate_MissingCluster_OnlyThreeLevelModelsLeaveTheEffectOut()
    {
        var data = Bcg(missingTpos: false);
        data.Clusters.AddRange(["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f", " "]);

        var threeLevel = AnalysisValidator.Validate(Reml(data, new Model { ThreeLevel = new ThreeLevelSpec() }), "spec");
        var randomEffects = AnalysisValidator.Validate(Reml(data, new Model { RandomEffects = new RandomEffectsSpec() }), "spec");

        Assert.Equal((12, "cluster"), (threeLevel.Data.K, threeLevel.Data.Omitted.Single().Missing));
        Assert.Equal(13, randomEffects.Data.K);
    }

    [Fact]
    public void Validate_EveryEffectMissingAValueTheModelUses_NamesTheData()
    {
        var data = Bcg(missingTpos: false);
        data.Moderators.Add(new ModeratorColumn { Name = "ablat", Continuous = new ContinuousValues { Values = { Enumerable.Repeat(double.NaN, 13) } } });

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(Reml(data, new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "ablat" } } }), "spec"));

        Assert.Equal("spec.data", error.Field);
    }
}
