using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Tests.Contract;
using MetaAnalysis.Tests.Shared;

namespace MetaAnalysis.Analysis.Tests.Validation;

/// <summary>Every enum field of a spec and of a batch, taken from the contract's descriptors, refuses an undefined number.</summary>
public sealed class DefinedEnumsTests
{
    public static TheoryData<string> SpecEnumFields() => [.. EnumFields.Paths(ModelSpec.Descriptor)];

    public static TheoryData<string> BatchEnumFields() => [.. EnumFields.Paths(SubmitBatchRequest.Descriptor)];

    [Fact]
    public void Paths_OfASpec_FindTheContractsEnumFields()
    {
        var paths = EnumFields.Paths(ModelSpec.Descriptor);

        Assert.Superset(
            new HashSet<string>(["data.missing_values", "model.random_effects.distribution", "model.dose_response.curve", "model.dose_response.structure", "model.subgroups.tau2", "model.subgroups.structure"]),
            new HashSet<string>(paths));
    }

    [Theory]
    [MemberData(nameof(SpecEnumFields))]
    public void Validate_SpecWithAnUndefinedEnumValue_RefusedNamingTheField(string path)
    {
        var spec = (ModelSpec)EnumFields.WithValue(ModelSpec.Descriptor, path, 42);

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal($"spec.{path}", error.Field);
        Assert.StartsWith("42 is not a defined value", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BatchEnumFields))]
    public void Validate_BatchWithAnUndefinedEnumValue_RefusedNamingTheField(string path)
    {
        var batch = (SubmitBatchRequest)EnumFields.WithValue(SubmitBatchRequest.Descriptor, path, 42);

        var error = Assert.Throws<InvalidInputException>(() => BatchValidator.Validate(batch));

        Assert.Equal(path, error.Field);
        Assert.StartsWith("42 is not a defined value", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RandomEffectsDistribution42OnAnOtherwiseValidSpec_Refused()
    {
        var spec = TestSpecs.RandomEffects();
        spec.Model.RandomEffects.Distribution = (RandomEffectsDistribution)42;

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.model.random_effects.distribution", error.Field);
    }

    [Fact]
    public void Validate_UndefinedValueInsideASweepsModel_RefusedNamingTheField()
    {
        var sweep = new CorrelationSweepSpec { Correlations = { 0.5 } };
        sweep.Models.Add(new NamedModel { Name = "re", Model = new Model { Subgroups = new SubgroupSpec { Moderator = "m", Tau2 = (SubgroupTau2)7 } } });
        var spec = new ModelSpec { Data = TestSpecs.Effects(5), Model = new Model { CorrelationSweep = sweep } };

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.model.correlation_sweep.models[0].model.subgroups.tau2", error.Field);
    }

    [Fact]
    public void CanHoldEnums_DataColumnsAndResults_No_SpecsAndRequests_Yes()
    {
        Assert.False(DefinedEnums.CanHoldEnums(EffectSizes.Descriptor));
        Assert.False(DefinedEnums.CanHoldEnums(RawColumns.Descriptor));
        Assert.False(DefinedEnums.CanHoldEnums(FitResult.Descriptor));
        Assert.True(DefinedEnums.CanHoldEnums(DataSet.Descriptor));
        Assert.True(DefinedEnums.CanHoldEnums(ModelSpec.Descriptor));
        Assert.True(DefinedEnums.CanHoldEnums(ListJobsRequest.Descriptor));
    }
}
