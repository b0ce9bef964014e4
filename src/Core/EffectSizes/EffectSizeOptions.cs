using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>Choices that change how effect sizes are computed. The defaults are metafor's.</summary>
public sealed record EffectSizeOptions
{
    /// <summary>metafor's defaults: 1/2 added to tables with a zero cell, no imputed correlation.</summary>
    public static EffectSizeOptions Default { get; } = new();

    /// <summary>The zero-cell correction for 2x2 tables and proportions (RR, OR, RD, PR, PLO).</summary>
    public ZeroCellCorrection ZeroCellCorrection { get; init; } = ZeroCellCorrection.MetaforDefault;

    /// <summary>
    /// For the pre/post measures (MC, SMCC, SMCR, SMCRH): the correlation assumed for rows whose <c>ri</c>
    /// is missing (NaN, or no <c>ri</c> column at all). Null (the default) leaves a row with a missing
    /// <c>ri</c> without an effect (and no <c>ri</c> column at all an error); when set, the rows it was used for are listed in <see cref="EffectSizeResult.ImputedCorrelationRows"/>.
    /// </summary>
    public double? ImputedCorrelation { get; init; }

    /// <summary>Checks the options against the measure; throws <see cref="InvalidInputException"/> naming the option.</summary>
    internal void Validate(EffectSizeMeasure measure)
    {
        if (ZeroCellCorrection is null)
        {
            throw new InvalidInputException("options.zeroCellCorrection", "is required (use ZeroCellCorrection.None for no correction)");
        }

        if (ImputedCorrelation is { } r)
        {
            if (!EffectSizeMeasureCode.UsesPrePostCorrelation(measure))
            {
                throw new InvalidInputException("options.imputedCorrelation", $"applies only to the pre/post measures MC, SMCC, SMCR and SMCRH, not {EffectSizeMeasureCode.Of(measure)}");
            }

            if (!double.IsFinite(r) || r < -1 || r > 1)
            {
                throw new InvalidInputException("options.imputedCorrelation", $"must be a correlation between -1 and 1, got {r}");
            }
        }
    }
}
