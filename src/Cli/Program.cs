using System.CommandLine;
using MetaAnalysis.Cli.Commands;

var root = new RootCommand("Bayesian and frequentist meta-analysis")
{
    AnalyzeCommand.Create(),
    FitCommand.Create(),
    CompareCommand.Create(),
    ReportCommand.Create(),
    SubmitCommand.Create(),
    WatchCommand.Create(),
    GetCommand.Create(),
    CancelCommand.Create(),
    ConformanceCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
