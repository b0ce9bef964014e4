namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>metafor's <c>power</c> weight function w(p) = (1 - p)^δ, with p clamped to [1e-5, 1 - 1e-5] as metafor does.</summary>
public sealed class PowerWeightFunction : ContinuousWeightFunction
{
    /// <inheritdoc />
    public override string Type => "power";

    /// <inheritdoc />
    public override int DeltaCount => 1;

    /// <inheritdoc />
    public override bool ClampsPValues => true;

    /// <inheritdoc />
    protected override double Weight(double p, double q, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        var weight = Math.Pow(q, delta[0]);
        gradient[0] = weight * Math.Log(q);
        return weight;
    }
}
