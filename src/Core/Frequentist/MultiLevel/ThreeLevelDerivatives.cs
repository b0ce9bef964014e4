namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The (restricted) log-likelihood of a three-level model at (σ²_between, σ²_within) with its
/// gradient, observed Hessian and expected information, in that parameter order.
/// </summary>
/// <param name="LogLikelihood">The log-likelihood value.</param>
/// <param name="Gradient">First derivatives [∂/∂σ²_between, ∂/∂σ²_within].</param>
/// <param name="Hessian">Second derivatives (2 x 2).</param>
/// <param name="FisherInformation">Expected information (2 x 2), minus the expected Hessian.</param>
public sealed record ThreeLevelDerivatives(double LogLikelihood, IReadOnlyList<double> Gradient, double[,] Hessian, double[,] FisherInformation);
