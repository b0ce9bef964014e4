namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>metafor's <c>negexp</c> weight function w(p) = exp(-δ p).</summary>
public sealed class NegativeExponentialWeightFunction : ContinuousWeightFunction
{
    /// <inheritdoc />
    public override string Type => "negexp";

    /// <inheritdoc />
    public override int DeltaCount => 1;

    /// <inheritdoc />
    protected override double Weight(double p, double q, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        var weight = Math.Exp(-delta[0] * p);
        gradient[0] = -p * weight;
        return weight;
    }
}
