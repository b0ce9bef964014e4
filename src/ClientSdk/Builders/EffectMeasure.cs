namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>The effect-size measures the server computes from raw columns, as metafor's <c>escalc</c> names them.</summary>
public enum EffectMeasure
{
    /// <summary>Standardized mean difference, bias-corrected ("SMD").</summary>
    StandardizedMeanDifference,

    /// <summary>Raw mean difference ("MD").</summary>
    MeanDifference,

    /// <summary>Log ratio of means ("ROM").</summary>
    RatioOfMeans,

    /// <summary>Log risk ratio ("RR").</summary>
    RiskRatio,

    /// <summary>Log odds ratio ("OR").</summary>
    OddsRatio,

    /// <summary>Risk difference ("RD").</summary>
    RiskDifference,

    /// <summary>Raw correlation coefficient ("COR").</summary>
    Correlation,

    /// <summary>Fisher's r-to-z transformed correlation ("ZCOR").</summary>
    FisherZ,

    /// <summary>Raw proportion ("PR").</summary>
    Proportion,

    /// <summary>Logit-transformed proportion ("PLO").</summary>
    LogitProportion,

    /// <summary>Raw mean change ("MC").</summary>
    MeanChange,

    /// <summary>Standardized mean change with change-score standardization ("SMCC").</summary>
    StandardizedMeanChangeChangeScore,

    /// <summary>Standardized mean change with raw-score standardization ("SMCR").</summary>
    StandardizedMeanChangeRawScore,

    /// <summary>Standardized mean change with raw-score standardization, heteroscedastic ("SMCRH").</summary>
    StandardizedMeanChangeRawScoreHeteroscedastic,
}
