using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Builders;

public sealed class BuilderTests
{
    [Fact]
    public void Build_RandomEffectsExactBayes_SpecCarriesEveryPart()
    {
        var data = DataSetBuilder.FromEffectSizes([0.1, 0.3], [0.01, 0.02]).Labels(["a", "b"]).Build();

        var spec = new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Level(0.9).Build(data);

        Assert.Equal([0.1, 0.3], spec.Data.EffectSizes.Yi);
        Assert.Equal(["a", "b"], spec.Data.Labels);
        Assert.Equal(RandomEffectsDistribution.Normal, spec.Model.RandomEffects.Distribution);
        Assert.Equal(Engine.KindOneofCase.ExactBayes, spec.Engine.KindCase);
        Assert.Equal(1, spec.Priors.Mu.Sd);
        Assert.Equal(0.5, spec.Priors.Tau.HalfNormal.Scale);
        Assert.Equal(0.9, spec.Report.Level);
    }

    [Fact]
    public void Build_EffectSizesOnly_NoEngine()
    {
        var data = DataSetBuilder.FromRawColumns("SMCR").Column("m1i", [1, 2]).Column("m2i", [0, 1]).Column("sd1i", [1, 1]).Column("ni", [10, 12]).ImputedCorrelation(0.5).Build();

        var spec = new AnalysisBuilder().EffectSizesOnly().Build(data);

        Assert.Null(spec.Engine);
        Assert.Equal("SMCR", spec.Data.Raw.Measure);
        Assert.Equal([10, 12], spec.Data.Raw.Ni);
        Assert.Equal(0.5, spec.Data.Raw.ImputedCorrelation);
    }

    [Fact]
    public void Column_UnknownName_Throws()
    {
        var builder = DataSetBuilder.FromRawColumns("MD");

        var error = Assert.Throws<ArgumentException>(() => builder.Column("mean1", [1]));

        Assert.Contains("m1i", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_OnReadyMadeEffects_Throws()
    {
        var builder = DataSetBuilder.FromEffectSizes([1], [1]);

        Assert.Throws<InvalidOperationException>(() => builder.Column("ai", [1]));
    }

    [Fact]
    public void BatchBuilder_SeveralModels_ShareTheDataInOrder()
    {
        var data = DataSetBuilder.FromEffectSizes([0.1, 0.3, 0.2], [0.01, 0.02, 0.03]).Clusters(["s1", "s1", "s2"]).ContinuousModerator("dose", [1, 2, 3]).Build();

        var batch = new BatchBuilder(data)
            .Add("reml", new AnalysisBuilder().RandomEffects().Frequentist("REML", "knha"))
            .Add("three-level", new AnalysisBuilder().ThreeLevel("dose").ExactBayes().SigmaBetweenPrior(ScalePriors.HalfCauchy(0.3)))
            .Build();

        Assert.Equal(data, batch.Data);
        Assert.Equal(["reml", "three-level"], batch.Models.Select(m => m.Name));
        Assert.Equal("knha", batch.Models[0].Engine.Frequentist.Test);
        Assert.Equal(["dose"], batch.Models[1].Model.ThreeLevel.Moderators);
        Assert.Equal(0.3, batch.Models[1].Priors.SigmaBetween.HalfCauchy.Scale);
    }

    [Fact]
    public void ScalePriors_EachParameterisation_SetsItsOwnCase()
    {
        Assert.Equal(ScalePriorSpec.DistOneofCase.HalfT, ScalePriors.HalfStudentT(3, 0.5).DistCase);
        Assert.Equal(2, ScalePriors.InverseGammaOnTau2(2, 0.1).InvGammaTau2.Shape);
        Assert.Equal(-1.5, ScalePriors.LogNormalOnTau2(-1.5, 1).LogNormalTau2.Meanlog);
        Assert.Equal(4, ScalePriors.Uniform(4).Uniform.Upper);
    }
}
