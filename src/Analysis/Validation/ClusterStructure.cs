using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>Where a model says its effects are nested in clusters, and with which working sampling correlation.</summary>
public static class ClusterStructure
{
    /// <summary>Whether <paramref name="model"/> fits effects nested in the data's clusters.</summary>
    public static bool IsThreeLevel(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var structure = model.KindCase switch
        {
            Model.KindOneofCase.ThreeLevel => Structure.ThreeLevel,
            Model.KindOneofCase.DoseResponse => model.DoseResponse.Structure,
            Model.KindOneofCase.Subgroups => model.Subgroups.Structure,
            Model.KindOneofCase.RobustAveraging => model.RobustAveraging.Structure,
            Model.KindOneofCase.Influence => model.Influence.Structure,
            Model.KindOneofCase.Cumulative => model.Cumulative.Structure,
            _ => Structure.Unspecified,
        };
        return structure == Structure.ThreeLevel;
    }

    /// <summary>The working correlation of sampling errors within clusters the model asks for, with its field; null when it asks for none.</summary>
    public static (double Rho, string Field)? SamplingCorrelation(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.KindCase switch
        {
            Model.KindOneofCase.ThreeLevel when model.ThreeLevel.HasSamplingCorrelation => (model.ThreeLevel.SamplingCorrelation, "three_level.sampling_correlation"),
            Model.KindOneofCase.Influence when model.Influence.HasSamplingCorrelation => (model.Influence.SamplingCorrelation, "influence.sampling_correlation"),
            Model.KindOneofCase.Cumulative when model.Cumulative.HasSamplingCorrelation => (model.Cumulative.SamplingCorrelation, "cumulative.sampling_correlation"),
            _ => null,
        };
    }
}
