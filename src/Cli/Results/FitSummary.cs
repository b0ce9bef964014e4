namespace MetaAnalysis.Cli.Results;

/// <summary>Fit statistics of a frequentist model.</summary>
/// <param name="LogLikelihood">Log likelihood (REML for REML fits).</param>
/// <param name="Deviance">Deviance.</param>
/// <param name="Aic">AIC.</param>
/// <param name="Bic">BIC.</param>
/// <param name="Aicc">Corrected AIC.</param>
/// <param name="Q">Residual heterogeneity statistic Q (QE).</param>
/// <param name="QDegreesOfFreedom">Its degrees of freedom.</param>
/// <param name="QPValue">Its p-value.</param>
/// <param name="ParameterCount">Estimated parameters (coefficients and variance components).</param>
/// <param name="Restricted">Whether the likelihood is restricted (REML): then only models with the same fixed effects compare.</param>
public sealed record FitSummary(double LogLikelihood, double Deviance, double Aic, double Bic, double Aicc, double Q, int QDegreesOfFreedom, double QPValue, int ParameterCount, bool Restricted);
