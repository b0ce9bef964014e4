using MathNet.Numerics;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>The exact bias correction of standardized mean differences and changes (Hedges, 1981).</summary>
internal static class SmallSampleCorrection
{
    /// <summary>
    /// c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)), computed on the log scale as
    /// <c>exp(lgamma(m/2) − log(√(m/2)) − lgamma((m−1)/2))</c> so that it does not overflow for large m.
    /// </summary>
    /// <remarks>
    /// m is the degrees of freedom of the standardizing SD: n1 + n2 − 2 for SMD, n − 1 for the
    /// standardized mean changes. It is defined for m &gt; 1 only; callers check the sample sizes first.
    /// The common approximation 1 − 3/(4m − 1) is not used.
    /// </remarks>
    public static double Factor(double m) =>
        Math.Exp(SpecialFunctions.GammaLn(m / 2) - Math.Log(Math.Sqrt(m / 2)) - SpecialFunctions.GammaLn((m - 1) / 2));
}
