using System.CommandLine;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>compare &lt;plan&gt;</c>: fits every model of a plan locally and prints the comparison.</summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var plan = new Argument<FileInfo>("plan") { Description = "The analysis plan (YAML or JSON) listing the models to compare" };
        var options = new BatchOptions();
        var command = new Command("compare", "Fit a batch of models locally and compare them (AIC/BIC, marginal likelihoods and Bayes factors, PSIS-LOO)") { plan };
        options.AddTo(command);
        command.SetAction((parse, token) => Task.FromResult(BatchExecution.Run(
            "compare",
            () => BatchExecution.LoadPlanFile(parse.GetRequiredValue(plan), parse.GetValue(options.Data)),
            options.Output(parse, defaultReport: null, modelTables: false),
            CommandStreams.Standard,
            BatchOptions.CommandLine(parse),
            token)));
        return command;
    }
}
