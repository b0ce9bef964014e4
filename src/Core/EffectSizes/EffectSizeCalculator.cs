namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Computes effect sizes and their sampling variances from each study's summary data, at parity with
/// metafor's <c>escalc</c> (default <c>vtype = "LS"</c>, default zero-cell handling).
/// </summary>
/// <remarks>
/// Every row gives one effect, in input order. Input that cannot give an effect — a missing required
/// column, mismatched lengths, negative counts, counts larger than their group, non-positive SDs,
/// sample sizes too small for the measure, correlations outside [−1, 1], a missing pre/post correlation
/// without an imputed value, a measure that is undefined for a row — throws
/// <see cref="Validation.InvalidInputException"/> naming the column and row (e.g. <c>ri[4]</c>). No row is
/// dropped; rows whose inputs were adjusted (zero-cell increment, imputed correlation) are listed in
/// the result.
/// </remarks>
public static class EffectSizeCalculator
{
    /// <summary>Computes <paramref name="measure"/> for every row of <paramref name="input"/>.</summary>
    public static EffectSizeResult Compute(EffectSizeMeasure measure, EffectSizeInput input, EffectSizeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= EffectSizeOptions.Default;
        _ = EffectSizeMeasureCode.Of(measure); // rejects values outside the enum
        options.Validate(measure);
        return measure switch
        {
            EffectSizeMeasure.MeanDifference or EffectSizeMeasure.StandardizedMeanDifference or EffectSizeMeasure.LogRatioOfMeans =>
                MeanDifferences.Compute(measure, input),
            EffectSizeMeasure.LogRiskRatio or EffectSizeMeasure.LogOddsRatio or EffectSizeMeasure.RiskDifference =>
                TwoByTwoTables.Compute(measure, input, options.ZeroCellCorrection),
            EffectSizeMeasure.Correlation or EffectSizeMeasure.FisherZCorrelation =>
                Correlations.Compute(measure, input),
            EffectSizeMeasure.Proportion or EffectSizeMeasure.LogitProportion =>
                Proportions.Compute(measure, input, options.ZeroCellCorrection),
            _ => PrePostChange.Compute(measure, input, options.ImputedCorrelation),
        };
    }

    /// <summary>Computes the measure named by metafor's code (<c>"SMD"</c>, <c>"SMCC"</c>, ...).</summary>
    public static EffectSizeResult Compute(string measureCode, EffectSizeInput input, EffectSizeOptions? options = null) =>
        Compute(EffectSizeMeasureCode.Parse(measureCode), input, options);
}
