namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Which regression Egger's test fits.</summary>
public enum EggerRegression
{
    /// <summary>metafor's <c>regtest</c> default ("rma"): a random-effects meta-regression on the standard error with the engine's τ² method and test.</summary>
    MixedEffects,

    /// <summary>The classical weighted regression with a t test on k - 2 degrees of freedom ("lm").</summary>
    Classical,
}
