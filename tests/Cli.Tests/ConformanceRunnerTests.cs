using MetaAnalysis.Cli.Conformance;

namespace MetaAnalysis.Cli.Tests;

public class ConformanceRunnerTests
{
    /// <summary>Tasks whose every case must pass (never skipped): every task the engines support.</summary>
    private static readonly string[] RequiredTasks = ["effect_size", "rma", "rma_mv", "robust", "egger", "begg", "trimfill", "bayes_rma", "bayes_rma_mv", "bayes_dose_response"];

    /// <summary>
    /// Figures of shared reference cases shown to be inaccurate, waived here and nowhere else (the runner
    /// still reports them). bayes-konstantopoulos-3level's tail quantiles of the two σ come from a coarse
    /// grid: refining an independent Simpson-grid integration in log σ from 401 to 1201 points moves
    /// σ_between's 2.5% quantile from 0.155496 to 0.155549, towards the engine's adaptive-quadrature
    /// 0.155556 and away from the case's 0.155456 (likewise the other three); means, sds, medians and
    /// log_ml agree to 1e-6. ExactThreeLevelQuantileTests checks the engine's quantiles by brute force.
    /// </summary>
    private static readonly Dictionary<string, string[]> KnownReferenceDefects = new(StringComparer.Ordinal)
    {
        ["bayes-konstantopoulos-3level"] = ["sigma_between.q025", "sigma_between.q975", "sigma_within.q025", "sigma_within.q975"],
    };

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
            .Where(c => (c.Outcome == CaseOutcome.Failed && !OnlyKnownDefects(c)) || (c.Outcome == CaseOutcome.Skipped && RequiredTasks.Contains(c.Task)))
            .Select(c => $"{c.Id} ({c.Task}, {c.Outcome}): {string.Join("; ", c.Details)}")
            .ToArray();
        Assert.True(failures.Length == 0, string.Join(Environment.NewLine, failures));
    }

    private static bool OnlyKnownDefects(CaseResult result) =>
        KnownReferenceDefects.TryGetValue(result.Id, out var figures)
        && result.Details.Where(d => !d.EndsWith("(not compared)", StringComparison.Ordinal))
            .All(d => figures.Contains(d.Split(':')[0], StringComparer.Ordinal));
}
