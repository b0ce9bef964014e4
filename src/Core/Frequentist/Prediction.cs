namespace MetaAnalysis.Core.Frequentist;

/// <summary>The predicted average effect at given moderator values, as metafor's <c>predict</c>.</summary>
/// <param name="Estimate">x'b.</param>
/// <param name="StandardError">√(x'Vx), V the coefficients' covariance.</param>
/// <param name="CiLower">Lower confidence bound of the average effect.</param>
/// <param name="CiUpper">Upper confidence bound of the average effect.</param>
/// <param name="PiLower">Lower bound of the prediction interval for a new study's true effect: x'b - c√(SE² + τ²).</param>
/// <param name="PiUpper">Upper bound of the prediction interval.</param>
public sealed record Prediction(double Estimate, double StandardError, double CiLower, double CiUpper, double PiLower, double PiUpper);
