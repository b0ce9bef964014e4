using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Builders;

public sealed class DataSetBuilderTests
{
    [Fact]
    public void Build_EffectSizesWithEveryColumn_DataCarriesThem()
    {
        var data = DataSetBuilder.FromEffectSizes([0.1, 0.3], [0.01, 0.02])
            .Labels(["a", "b"])
            .Clusters(["s1", "s2"])
            .Dose([10, 20])
            .ContinuousModerator("age", [30, 40])
            .CategoricalModerator("design", ["open", "blind"], reference: "blind")
            .Build();

        Assert.Equal([0.1, 0.3], data.EffectSizes.Yi);
        Assert.Equal([0.01, 0.02], data.EffectSizes.Vi);
        Assert.Equal(["a", "b"], data.Labels);
        Assert.Equal(["s1", "s2"], data.Clusters);
        Assert.Equal([10.0, 20], data.Dose);
        Assert.Equal([30.0, 40], data.Moderators[0].Continuous.Values);
        Assert.Equal("blind", data.Moderators[1].Categorical.Reference);
    }

    [Fact]
    public void Build_RawColumns_MeasureCodeAndColumnsSet()
    {
        var data = DataSetBuilder.FromRawColumns(EffectMeasure.StandardizedMeanChangeRawScore)
            .Column(RawColumn.M1i, [1, 2])
            .Column(RawColumn.M2i, [0, 1])
            .Column(RawColumn.Sd1i, [1, 1])
            .Column(RawColumn.Ni, [10, 12])
            .Column(RawColumn.Ri, [double.NaN, 0.4])
            .ImputedCorrelation(0.5)
            .Build();

        Assert.Equal("SMCR", data.Raw.Measure);
        Assert.Equal([1.0, 2], data.Raw.M1I);
        Assert.Equal([10.0, 12], data.Raw.Ni);
        Assert.True(double.IsNaN(data.Raw.Ri[0]));
        Assert.Equal(0.5, data.Raw.ImputedCorrelation);
    }

    [Theory]
    [InlineData(EffectMeasure.StandardizedMeanDifference, "SMD")]
    [InlineData(EffectMeasure.RatioOfMeans, "ROM")]
    [InlineData(EffectMeasure.OddsRatio, "OR")]
    [InlineData(EffectMeasure.FisherZ, "ZCOR")]
    [InlineData(EffectMeasure.LogitProportion, "PLO")]
    [InlineData(EffectMeasure.StandardizedMeanChangeRawScoreHeteroscedastic, "SMCRH")]
    public void FromRawColumns_Measure_SendsMetaforsCode(EffectMeasure measure, string code)
    {
        Assert.Equal(code, DataSetBuilder.FromRawColumns(measure).Build().Raw.Measure);
    }

    [Fact]
    public void Column_Twice_LastValuesKept()
    {
        var data = DataSetBuilder.FromRawColumns(EffectMeasure.OddsRatio).Column(RawColumn.Ai, [1, 2]).Column(RawColumn.Ai, [3]).Build();

        Assert.Equal([3.0], data.Raw.Ai);
    }

    [Fact]
    public void ZeroCellCorrection_AllTables_AddAndCodeSet()
    {
        var data = DataSetBuilder.FromRawColumns(EffectMeasure.RiskRatio).ZeroCellCorrection(0.25, ZeroCellTarget.AllIfAnyZero).Build();

        Assert.Equal(0.25, data.Raw.ZeroCellAdd);
        Assert.Equal("if0all", data.Raw.ZeroCellTo);
    }

    [Fact]
    public void Column_OnReadyMadeEffects_Throws()
    {
        var builder = DataSetBuilder.FromEffectSizes([1], [1]);

        Assert.Throws<InvalidOperationException>(() => builder.Column(RawColumn.Ai, [1]));
    }

    [Fact]
    public void Column_ValueOutsideTheEnum_Throws()
    {
        var builder = DataSetBuilder.FromRawColumns(EffectMeasure.MeanDifference);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Column((RawColumn)99, [1]));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.01)]
    [InlineData(double.NaN)]
    public void ImputedCorrelation_OutsideMinusOneToOne_Throws(double correlation)
    {
        var builder = DataSetBuilder.FromRawColumns(EffectMeasure.MeanChange);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.ImputedCorrelation(correlation));
    }

    [Fact]
    public void Build_CalledTwice_GivesIndependentCopies()
    {
        var builder = DataSetBuilder.FromEffectSizes([1], [1]);
        var first = builder.Build();

        builder.Labels(["later"]);

        Assert.Empty(first.Labels);
    }

    [Fact]
    public void FromRawColumns_MeasureOutsideTheEnum_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSetBuilder.FromRawColumns((EffectMeasure)99));
    }

    [Fact]
    public void CategoricalModerator_NoReference_ReferenceLeftToTheServer()
    {
        var data = DataSetBuilder.FromEffectSizes([1], [1]).CategoricalModerator("design", ["open"]).Build();

        Assert.Equal(ModeratorColumn.ValuesOneofCase.Categorical, data.Moderators[0].ValuesCase);
        Assert.Equal(string.Empty, data.Moderators[0].Categorical.Reference);
    }
}
