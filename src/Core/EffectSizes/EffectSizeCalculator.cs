namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Computes effect sizes and their sampling variances from each study's summary data, at parity with
/// metafor's <c>escalc</c> (default <c>vtype = "LS"</c>, default zero-cell handling).
/// </summary>
/// <remarks>
/// Every row gives one effect, in input order. A row with a missing (NaN) input — a pre/post correlation
/// included, unless an imputed value fills it — gets NaN for yi and vi, as metafor's NA, and is listed in
/// <see cref="EffectSizeResult.MissingInputs"/>; a model fit then drops it with a note, or refuses it.
/// Input that cannot give an effect — a missing required column, mismatched lengths, negative counts,
/// counts larger than their group, non-positive SDs, sample sizes too small for the measure, correlations
/// outside [−1, 1], a measure that is undefined for a row — throws
/// <see cref="Validation.InvalidInputException"/> naming the column and row (e.g. <c>ri[4]</c>). Rows whose
/// inputs were adjusted (zero-cell increment, imputed correlation) are listed in the result.
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
        var (rows, missing) = MissingInputs.Find(measure, input, options.ImputedCorrelation is not null);
        if (missing.Count == 0)
        {
            return ComputeComplete(measure, input, options);
        }

        var incomplete = missing.Select(m => m.Row).ToHashSet();
        var complete = Enumerable.Range(0, rows).Where(i => !incomplete.Contains(i)).ToArray();
        if (complete.Length == 0)
        {
            var first = missing[0];
            throw new Validation.InvalidInputException(Validation.Guard.Element(first.Column, first.Row), "is missing, and no row has all the inputs of the measure: no effect size can be computed");
        }

        try
        {
            return ComputeComplete(measure, MissingInputs.Select(input, complete), options).Spread(rows, complete, missing);
        }
        catch (Validation.InvalidInputException exception)
        {
            throw MissingInputs.Renumber(exception, complete);
        }
    }

    private static EffectSizeResult ComputeComplete(EffectSizeMeasure measure, EffectSizeInput input, EffectSizeOptions options)
    {
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
