namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>metafor's <c>logistic</c> weight function w(p) = 2 exp(-δ p)/(1 + exp(-δ p)) = 2/(1 + exp(δ p)).</summary>
public sealed class LogisticWeightFunction : ContinuousWeightFunction
{
    /// <inheritdoc />
    public override string Type => "logistic";

    /// <inheritdoc />
    public override int DeltaCount => 1;

    /// <inheritdoc />
    protected override double Weight(double p, double q, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        // Written with exp(-δp) ≤ 1 so that no term overflows at δ p up to 100.
        var e = Math.Exp(-delta[0] * p);
        var weight = 2 * e / (1 + e);
        gradient[0] = -p * weight / (1 + e);
        return weight;
    }
}
