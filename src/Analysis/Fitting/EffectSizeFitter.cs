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
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Model == Model.KindOneofCase.EffectSizes;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = FitResults.Start(request, "effect_sizes");
        if (result.EffectSizes is null)
        {
            // Ready-made effects: the table is the input itself, so a client gets the same shape either way.
            result.EffectSizes = new EffectSizeTable();
            result.EffectSizes.Yi.AddRange(request.Data.Effects.Yi);
            result.EffectSizes.Vi.AddRange(request.Data.Effects.Vi);
        }

        return result;
    }
}
