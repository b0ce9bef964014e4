using System.CommandLine;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>compare &lt;plan&gt;</c>: fits every model of a plan locally and prints the comparison (a report only with --out).</summary>
public static class CompareCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/>.</summary>
    public static Command Create(CommandStreams streams) => PlanCommand.Create(
        "compare",
        "Fit a batch of models locally and compare them (AIC/BIC, marginal likelihoods and Bayes factors, PSIS-LOO)",
        _ => null,
        streams);
}
