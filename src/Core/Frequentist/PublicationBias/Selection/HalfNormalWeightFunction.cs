namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>metafor's <c>halfnorm</c> weight function w(p) = exp(-δ p²): selection grows smoothly with p, slowly near p = 0.</summary>
public sealed class HalfNormalWeightFunction : ContinuousWeightFunction
{
    /// <inheritdoc />
    public override string Type => "halfnorm";

    /// <inheritdoc />
    public override int DeltaCount => 1;

    /// <inheritdoc />
    protected override double Weight(double p, double q, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        var weight = Math.Exp(-delta[0] * p * p);
        gradient[0] = -p * p * weight;
        return weight;
    }
}
