using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Builders;

public sealed class BatchBuilderTests
{
    private static readonly DataSet Data = DataSetBuilder.FromEffectSizes([0.1, 0.3, 0.2], [0.01, 0.02, 0.03]).Clusters(["s1", "s1", "s2"]).ContinuousModerator("dose", [1, 2, 3]).Build();

    [Fact]
    public void Build_SeveralModels_ShareTheDataInOrderWithTheTitle()
    {
        var batch = new BatchBuilder(Data)
            .Title("rTMS")
            .Add("reml", new AnalysisBuilder().RandomEffects().Frequentist(Tau2Method.Reml, CoefficientTest.KnappHartung))
            .Add("three-level", new AnalysisBuilder().ThreeLevel("dose").ExactBayes().SigmaBetweenPrior(ScalePriors.HalfCauchy(0.3)))
            .WithPublicationBiasChecks(false)
            .Build();

        Assert.Equal(Data, batch.Data);
        Assert.Equal("rTMS", batch.Title);
        Assert.Equal(["reml", "three-level"], batch.Models.Select(m => m.Name));
        Assert.Equal("knha", batch.Models[0].Engine.Frequentist.Test);
        Assert.Equal(["dose"], batch.Models[1].Model.ThreeLevel.Moderators);
        Assert.Equal(0.3, batch.Models[1].Priors.SigmaBetween.HalfCauchy.Scale);
    }

    [Fact]
    public void Build_ByDefault_AddsEveryPublicationBiasCheckAsAFrequentistModel()
    {
        var batch = new BatchBuilder(Data).Add("reml", new AnalysisBuilder().RandomEffects().Frequentist()).Build();

        var bias = batch.Models[^1];
        Assert.Equal(2, batch.Models.Count);
        Assert.Equal(BatchBuilder.PublicationBiasModelName, bias.Name);
        Assert.Equal(new PublicationBiasSpec { Egger = true, Begg = true, TrimAndFill = true, FailSafeN = true, EggerModel = "rma" }, bias.Model.PublicationBias);
        Assert.Equal(new FrequentistEngine { Tau2Method = "REML", Test = "z" }, bias.Engine.Frequentist);
    }

    [Fact]
    public void Build_ChecksTurnedOff_OnlyTheCallersModels()
    {
        var batch = new BatchBuilder(Data).Add("reml", new AnalysisBuilder().RandomEffects()).WithPublicationBiasChecks(false).Build();

        Assert.Equal(["reml"], batch.Models.Select(m => m.Name));
    }

    [Fact]
    public void Build_AModelAlreadyNamedPublicationBias_ChecksGetTheNextFreeName()
    {
        var batch = new BatchBuilder(Data)
            .Add("publication bias", new AnalysisBuilder().RandomEffects())
            .Add("publication bias (2)", new AnalysisBuilder().RandomEffects())
            .Build();

        Assert.Equal(["publication bias", "publication bias (2)", "publication bias (3)"], batch.Models.Select(m => m.Name));
    }

    [Fact]
    public void Add_NameTaken_Throws()
    {
        var batch = new BatchBuilder(Data).Add("reml", new AnalysisBuilder().RandomEffects());

        Assert.Throws<ArgumentException>(() => batch.Add("reml", new AnalysisBuilder().ThreeLevel()));
    }

    [Fact]
    public void Add_AnalysisChangedLater_BatchKeepsItAsAdded()
    {
        var analysis = new AnalysisBuilder().RandomEffects();
        var batch = new BatchBuilder(Data).Add("model", analysis);

        analysis.ThreeLevel();

        Assert.Equal(Model.KindOneofCase.RandomEffects, batch.Build().Models[0].Model.KindCase);
    }
}
