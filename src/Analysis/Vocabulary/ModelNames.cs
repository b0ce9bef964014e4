using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Vocabulary;

/// <summary>The names of models and engines as results, errors and field paths show them (the proto field names).</summary>
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
        Model.KindOneofCase.BinomialNormal => "binomial_normal",
        Model.KindOneofCase.PublicationBias => "publication_bias",
        Model.KindOneofCase.Subgroups => "subgroups",
        Model.KindOneofCase.CorrelationSweep => "correlation_sweep",
        Model.KindOneofCase.Influence => "influence",
        Model.KindOneofCase.Cumulative => "cumulative",
        Model.KindOneofCase.RobustAveraging => "robust_averaging",
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

    /// <summary>Every model kind's name, for messages that list them.</summary>
    public static string AllModels => string.Join(", ", Enum.GetValues<Model.KindOneofCase>().Where(k => k != Model.KindOneofCase.None).Select(Of));
}
