using System.CommandLine;
using MetaAnalysis.Cli.Commands;

var root = new RootCommand("Bayesian and frequentist meta-analysis")
{
    ConformanceCommand.Create(),
};
return root.Parse(args).Invoke();
