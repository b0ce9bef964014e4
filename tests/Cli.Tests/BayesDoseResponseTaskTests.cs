using MetaAnalysis.Cli.Conformance;
using MetaAnalysis.Cli.Conformance.Tasks;

namespace MetaAnalysis.Cli.Tests;

public class BayesDoseResponseTaskTests
{
    [Fact]
    public void RunFile_EmaxReferenceCase_PassesWithinMonteCarloError()
    {
        var runner = new ConformanceRunner([new BayesDoseResponseTask()]);

        var result = runner.RunFile(Path.Combine(ReferenceCases.Folder, "bayes-emax-synthetic.json"));

        Assert.True(result.Outcome == CaseOutcome.Passed, string.Join(Environment.NewLine, result.Details));
    }

    [Fact]
    public void Run_EmaxCase_ReportsMcseOfEverySummary()
    {
        var testCase = ConformanceCase.Load(Path.Combine(ReferenceCases.Folder, "bayes-emax-synthetic.json"));

        var figures = new BayesDoseResponseTask().Run(testCase);

        foreach (var name in new[] { "e0", "emax", "ed50", "tau" })
        {
            foreach (var part in new[] { "mean", "sd", "median", "q025", "q975" })
            {
                Assert.True(figures[name]!["mcse"]![part]!.GetValue<double>() > 0, $"{name}.mcse.{part}");
            }
        }
    }
}
