namespace MetaAnalysis.Core.Frequentist;

/// <summary>A confidence interval for τ² and the corresponding intervals for I² and H².</summary>
/// <param name="Level">The confidence level.</param>
/// <param name="Tau2Lower">Lower bound for τ².</param>
/// <param name="Tau2Upper">Upper bound for τ².</param>
/// <param name="I2Lower">100 τ²_lower/(ṽ + τ²_lower), ṽ the typical sampling variance.</param>
/// <param name="I2Upper">100 τ²_upper/(ṽ + τ²_upper).</param>
/// <param name="H2Lower">τ²_lower/ṽ + 1.</param>
/// <param name="H2Upper">τ²_upper/ṽ + 1.</param>
/// <param name="IsEmpty">Q(0) already lies below the lower critical value: the interval is the null set (reported as [0, 0]).</param>
/// <param name="UpperBoundBeyondSearchRange">The upper bound lies above the searched range and is reported as its end.</param>
/// <param name="LowerBoundBeyondSearchRange">Both bounds lie above the searched range and are reported as its end.</param>
public sealed record HeterogeneityConfidenceInterval(
    double Level,
    double Tau2Lower,
    double Tau2Upper,
    double I2Lower,
    double I2Upper,
    double H2Lower,
    double H2Upper,
    bool IsEmpty,
    bool UpperBoundBeyondSearchRange,
    bool LowerBoundBeyondSearchRange);
