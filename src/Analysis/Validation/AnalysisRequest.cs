using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>A validated spec: the message itself, its data in Core's terms, and the model and engine it asks for.</summary>
public sealed class AnalysisRequest
{
    internal AnalysisRequest(ModelSpec spec, AnalysisData data, Model.KindOneofCase model, EngineKind engine, double level, DesignMatrix design)
    {
        Design = design;
        Spec = spec;
        Data = data;
        Model = model;
        Engine = engine;
        Level = level;
    }

    /// <summary>The spec as submitted.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The validated data.</summary>
    public AnalysisData Data { get; }

    /// <summary>The kind of model.</summary>
    public Model.KindOneofCase Model { get; }

    /// <summary>The engine.</summary>
    public EngineKind Engine { get; }

    /// <summary>
    /// The fixed-effects design of the model: intercept and moderators, or the dose basis of a linear or
    /// spline curve; the intercept alone for the models without one.
    /// </summary>
    public DesignMatrix Design { get; }

    /// <summary>The confidence or credible level (0.95 unless the spec says otherwise).</summary>
    public double Level { get; }

    /// <summary>The model's name in results: <c>random_effects</c>, <c>three_level</c>, ...</summary>
    public string ModelName => ModelNames.Of(Model);
}
