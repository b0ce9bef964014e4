namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>How accurately the exact engine integrated over the variance components: its diagnostic.</summary>
/// <param name="RelativeErrorEstimate">
/// Estimated relative error of the normalizing constant: the summed |Kronrod − Gauss| differences of
/// the panels (for two components, the outer estimate plus the weighted inner ones). It bounds the error
/// of the embedded Gauss rule, so the Kronrod values actually used are more accurate still. 0 when every
/// component is fixed (closed form).
/// </param>
/// <param name="Dimensions">Number of variance components integrated over (0, 1 or 2).</param>
/// <param name="Evaluations">Number of evaluations of the conditional Gaussian model.</param>
/// <param name="Nodes">Number of quadrature nodes carrying posterior weight.</param>
public sealed record IntegrationDiagnostics(double RelativeErrorEstimate, int Dimensions, int Evaluations, int Nodes);
