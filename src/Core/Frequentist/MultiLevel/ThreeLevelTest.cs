namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>The reference distribution of the coefficient tests (metafor's <c>test</c> for rma.mv).</summary>
public enum ThreeLevelTest
{
    /// <summary>Wald z tests and a chi-square omnibus test ("z").</summary>
    Z,

    /// <summary>t tests on k - p degrees of freedom and an F omnibus test ("t").</summary>
    T,

    /// <summary>
    /// As <see cref="T"/>, with the covariance of the coefficients scaled by r'V⁻¹r / (k - p) ("knha";
    /// metafor calls this variant experimental for rma.mv).
    /// </summary>
    KnappHartung,
}
