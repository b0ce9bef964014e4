namespace MetaAnalysis.Core.Frequentist;

/// <summary>The Knapp-Hartung adjustment of the coefficients' covariance in a random-effects model.</summary>
/// <remarks>
/// s² = Σ wᵢ(yᵢ - xᵢ'b)² / (k - p), wᵢ = 1/(vᵢ + τ̂²), multiplies (X'WX)⁻¹, and the tests use Student's t
/// on k - p degrees of freedom (F(m, k - p) for m coefficients jointly). As metafor, s² is set to 0 when
/// the weighted residual sum of squares is at rounding level (all effects equal), instead of printing
/// results of a 0/0.
/// </remarks>
public static class KnappHartung
{
    // R's .Machine$double.eps, metafor's cut-off for a vanishing residual sum of squares.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The scale factor s² from the weighted residual sum of squares at τ̂².</summary>
    public static double ScaleFactor(double weightedResidualSumOfSquares, int k, int p)
    {
        if (k <= p)
        {
            throw new ArgumentOutOfRangeException(nameof(k), "the Knapp-Hartung adjustment needs more effects than coefficients");
        }

        return weightedResidualSumOfSquares <= MachineEpsilon ? 0.0 : weightedResidualSumOfSquares / (k - p);
    }

    /// <summary>The residual degrees of freedom k - p of the t and F tests.</summary>
    public static int DegreesOfFreedom(int k, int p) => k - p;
}
