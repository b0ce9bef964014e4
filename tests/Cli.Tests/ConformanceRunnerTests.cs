using MetaAnalysis.Cli.Conformance;

namespace MetaAnalysis.Cli.Tests;

public class ConformanceRunnerTests
{
    /// <summary>Tasks whose every case must pass (never skipped): every task the engines support.</summary>
    private static readonly string[] RequiredTasks = ["effect_size", "rma", "rma_mv", "robust", "egger", "begg", "trimfill", "bayes_rma", "bayes_rma_mv", "bayes_dose_response", "selmodel", "bayes_selmodel", "rma_mv_v", "rma_ls", "permutest", "rma_glmm"];

    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string> { ReferenceCases.Folder };
        foreach (var extra in ReferenceCases.ExtraFolders)
        {
            data.Add(extra);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void RunFolder_ReferenceCases_EverySupportedCasePasses(string folder)
    {
        Assert.True(Directory.Exists(folder), $"case folder {folder} is missing");
        var summary = ConformanceRunner.WithAllTasks().RunFolder(folder);

        Assert.NotEmpty(summary.Cases);
        var failures = summary.Cases
            .Where(c => c.Outcome == CaseOutcome.Failed || (c.Outcome == CaseOutcome.Skipped && RequiredTasks.Contains(c.Task)))
            .Select(c => $"{c.Id} ({c.Task}, {c.Outcome}): {string.Join("; ", c.Details)}")
            .ToArray();
        Assert.True(failures.Length == 0, string.Join(Environment.NewLine, failures));
    }
}
