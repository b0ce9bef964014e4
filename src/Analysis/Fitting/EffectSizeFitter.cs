using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Effect-size jobs: the effects and variances computed from the raw columns (as metafor's escalc), or
/// the given effects passed through, with the rows whose inputs were adjusted.
/// </summary>
public sealed class EffectSizeFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.EffectSizes;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var result = FitResults.Start(analysis, "effect_sizes", "effect sizes");
        if (result.EffectSizes is null)
        {
            // Ready-made effects: the table is the input itself, so a client gets the same shape either way.
            result.EffectSizes = new EffectSizeTable();
            result.EffectSizes.Yi.AddRange(analysis.Data.Effects.Yi);
            result.EffectSizes.Vi.AddRange(analysis.Data.Effects.Vi);
        }

        return result;
    }
}
