namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// metafor's <c>beta</c> weight function (Citkowicz and Vevea 2017) w(p) = p^(δ₁-1) (1 - p)^(δ₂-1), with p
/// clamped to [1e-5, 1 - 1e-5] and δ bounded to [1e-5, 100] as metafor does; δ = (1, 1) is no selection.
/// </summary>
public sealed class BetaWeightFunction : ContinuousWeightFunction
{
    /// <inheritdoc />
    public override string Type => "beta";

    /// <inheritdoc />
    public override int DeltaCount => 2;

    /// <inheritdoc />
    public override bool ClampsPValues => true;

    /// <inheritdoc />
    public override double LowerBound(int j) => 1e-5;

    /// <inheritdoc />
    protected override double Weight(double p, double q, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        var logP = Math.Log(p);
        var logQ = Math.Log(q);
        var weight = Math.Exp(((delta[0] - 1) * logP) + ((delta[1] - 1) * logQ));
        gradient[0] = weight * logP;
        gradient[1] = weight * logQ;
        return weight;
    }
}
