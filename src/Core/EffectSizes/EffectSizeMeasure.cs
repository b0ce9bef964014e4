namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// The effect size or outcome measure computed from each study's summary data. Each member names the
/// measure in words; <see cref="EffectSizeMeasureCode"/> maps it to and from metafor's <c>measure</c> code.
/// </summary>
public enum EffectSizeMeasure
{
    /// <summary>Raw mean difference of two independent groups (<c>MD</c>).</summary>
    MeanDifference,

    /// <summary>Standardized mean difference with the exact small-sample correction, Hedges' g (<c>SMD</c>).</summary>
    StandardizedMeanDifference,

    /// <summary>Log ratio of the means of two independent groups, the log response ratio (<c>ROM</c>).</summary>
    LogRatioOfMeans,

    /// <summary>Log risk ratio of a 2x2 table (<c>RR</c>).</summary>
    LogRiskRatio,

    /// <summary>Log odds ratio of a 2x2 table (<c>OR</c>).</summary>
    LogOddsRatio,

    /// <summary>Risk difference of a 2x2 table (<c>RD</c>).</summary>
    RiskDifference,

    /// <summary>Raw correlation coefficient (<c>COR</c>).</summary>
    Correlation,

    /// <summary>Fisher's r-to-z transformed correlation coefficient (<c>ZCOR</c>).</summary>
    FisherZCorrelation,

    /// <summary>Raw proportion of a single group (<c>PR</c>).</summary>
    Proportion,

    /// <summary>Logit (log odds) transformed proportion of a single group (<c>PLO</c>).</summary>
    LogitProportion,

    /// <summary>Raw mean change from pre to post within one group (<c>MC</c>).</summary>
    MeanChange,

    /// <summary>Standardized mean change, standardized by the SD of the change scores (<c>SMCC</c>).</summary>
    StandardizedMeanChangeByChangeScoreSd,

    /// <summary>Standardized mean change, standardized by the raw-score SD <c>sd1i</c> (<c>SMCR</c>).</summary>
    StandardizedMeanChangeByRawScoreSd,

    /// <summary>
    /// Standardized mean change by the raw-score SD <c>sd1i</c>, with a sampling variance that allows the
    /// two time points to have different variances (<c>SMCRH</c>).
    /// </summary>
    StandardizedMeanChangeByRawScoreSdHeteroscedastic,
}
