using System.CommandLine;
using MetaAnalysis.Cli.Commands;

var root = new RootCommand("Bayesian and frequentist meta-analysis")
{
    AnalyzeCommand.Create(),
    ConformanceCommand.Create(),
};
return root.Parse(args).Invoke();
