namespace MetaAnalysis.Cli.Results;

/// <summary>A Bayes factor of a model against the same model without some of its parameters.</summary>
/// <param name="Hypothesis">What the Bayes factor is for (e.g. "effect ≠ 0", "dose dependence").</param>
/// <param name="LogBayesFactor">log BF₁₀: positive values favour the hypothesis.</param>
public sealed record BayesFactor(string Hypothesis, double LogBayesFactor)
{
    /// <summary>BF₁₀.</summary>
    public double Value => Math.Exp(LogBayesFactor);
}
