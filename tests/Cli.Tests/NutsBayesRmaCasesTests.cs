using MetaAnalysis.Cli.Conformance;
using MetaAnalysis.Cli.Conformance.Tasks;

namespace MetaAnalysis.Cli.Tests;

/// <summary>The NUTS route of <c>bayes_rma</c> checked directly on the reference cases that need it.</summary>
public class NutsBayesRmaCasesTests
{
    public static TheoryData<string> StudentTCases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { ReferenceCases.Folder }.Concat(ReferenceCases.ExtraFolders))
        {
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                var testCase = ConformanceCase.Load(file);
                if (testCase.Task == "bayes_rma" && NutsBayesRmaCases.Handles(testCase))
                {
                    data.Add(file);
                }
            }
        }

        return data;
    }

    [Fact]
    public void StudentTCases_ReferenceFolder_IncludesBcgT4()
    {
        Assert.Contains(StudentTCases().Cast<object[]>(), row => Path.GetFileName((string)row[0]) == "bayes-t4-bcg.json");
    }

    [Theory]
    [MemberData(nameof(StudentTCases))]
    public void Run_StudentTReferenceCase_MatchesWithinMonteCarloError(string file)
    {
        var testCase = ConformanceCase.Load(file);

        var computed = NutsBayesRmaCases.Run(testCase);
        var (mismatches, _) = FigureComparison.Compare(testCase.Expected, computed, testCase.Tolerance);

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Select(m => $"{m.Figure}: expected {m.Expected}, computed {m.Computed}")));
        Assert.NotNull(computed["mu"]?["mcse"]?["q975"]);
    }

    [Fact]
    public void Run_NormalRandomEffectsCase_IsLeftToTheExactEngine()
    {
        var testCase = ConformanceCase.Load(Path.Combine(ReferenceCases.Folder, "bayes-8schools-hn5.json"));

        Assert.False(NutsBayesRmaCases.Handles(testCase));
        Assert.Throws<UnsupportedCaseException>(() => NutsBayesRmaCases.Run(testCase));
    }
}
