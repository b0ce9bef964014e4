namespace MetaAnalysis.Cli.Plans;

/// <summary>The shape of a dose-response curve.</summary>
public enum DoseCurve
{
    /// <summary>β₀ + β₁ d.</summary>
    Linear,

    /// <summary>A restricted cubic spline in d.</summary>
    Spline,

    /// <summary>β₀ + β₁ log(d).</summary>
    Logarithmic,

    /// <summary>β₀ + β₁ d + β₂ d².</summary>
    Quadratic,

    /// <summary>E0 + Emax d / (ED50 + d), non-linear in ED50 (sampled with NUTS).</summary>
    Emax,
}
