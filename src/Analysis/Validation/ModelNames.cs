using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>The names of models and engines as results and messages show them (the proto field names).</summary>
public static class ModelNames
{
    /// <summary>The name of a model kind, e.g. <c>three_level</c>.</summary>
    public static string Of(Model.KindOneofCase model) => model switch
    {
        Model.KindOneofCase.EffectSizes => "effect_sizes",
        Model.KindOneofCase.RandomEffects => "random_effects",
        Model.KindOneofCase.MetaRegression => "meta_regression",
        Model.KindOneofCase.ThreeLevel => "three_level",
        Model.KindOneofCase.DoseResponse => "dose_response",
        Model.KindOneofCase.Robust => "robust",
        Model.KindOneofCase.BinomialNormal => "binomial_normal",
        Model.KindOneofCase.PublicationBias => "publication_bias",
        Model.KindOneofCase.Subgroups => "subgroups",
        _ => "none",
    };

    /// <summary>The name of an engine, e.g. <c>exact_bayes</c>.</summary>
    public static string Of(EngineKind engine) => engine switch
    {
        EngineKind.Frequentist => "frequentist",
        EngineKind.ExactBayes => "exact_bayes",
        EngineKind.Nuts => "nuts",
        _ => "effect_sizes",
    };
}
