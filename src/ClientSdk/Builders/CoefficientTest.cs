namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>How the frequentist engine tests coefficients and builds their intervals (metafor's <c>test</c>).</summary>
public enum CoefficientTest
{
    /// <summary>Wald-type z tests ("z"), the engine's default.</summary>
    Z,

    /// <summary>t tests on k - p degrees of freedom ("t").</summary>
    T,

    /// <summary>The Knapp-Hartung adjustment ("knha").</summary>
    KnappHartung,
}
