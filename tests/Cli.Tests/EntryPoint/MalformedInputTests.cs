using MetaAnalysis.Cli.Commands;

namespace MetaAnalysis.Cli.Tests.EntryPoint;

/// <summary>
/// Plans and data files broken in every way a hand-edited file can be — cut short, a stray bracket, quote,
/// colon or tab — run through the entry point: each ends with a documented exit code and a message, never
/// an internal error or a stack trace.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private const string Plan = """
        title: broken
        data:
          file: studies.csv
          study: study
          columns: { yi: effect }
        models:
          - name: re
            method: REML
          - name: year
            moderators: [year]
          - name: bayes
            engine: exact
            priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }
        publication_bias: { egger: true }
        """;

    private const string Studies = """
        study,effect,vi,year
        A,0.30,0.040,2001
        B,0.55,0.030,2004
        "C",-0.05,0.060,2008
        D,0.25,0.020,2010
        E,0.15,0.035,2015
        """;

    private static readonly string[] Insertions = ["{", "}", "[", "]", "\"", "'", ":", "- ", "\t", "&a ", "*a", "!!str ", "|", ">", "%", "@", "#", ",", "\n", "\r", "\0", "\uFEFF", "é"];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("malformed-");

    public static TheoryData<string, string> BrokenPlans() => Broken(Plan, stride: 7);

    public static TheoryData<string, string> BrokenTables() => Broken(Studies, stride: 5);

    [Theory]
    [MemberData(nameof(BrokenPlans))]
    public async Task Compare_BrokenPlan_EndsWithAMessageAndADocumentedExitCode(string how, string plan)
    {
        Write("studies.csv", Studies);

        await AssertHandled(how, Write("plan.yaml", plan));
    }

    [Theory]
    [MemberData(nameof(BrokenTables))]
    public async Task Compare_BrokenTable_EndsWithAMessageAndADocumentedExitCode(string how, string table)
    {
        Write("studies.csv", table);

        await AssertHandled(how, Write("plan.yaml", Plan));
    }

    public void Dispose() => folder.Delete(recursive: true);

    /// <summary>The text cut short at every <paramref name="stride"/>-th character, and with each insertion at those places.</summary>
    private static TheoryData<string, string> Broken(string text, int stride)
    {
        var cases = new TheoryData<string, string>();
        for (var at = 0; at < text.Length; at += stride)
        {
            cases.Add($"cut at {at}", text[..at]);
            var insertion = Insertions[(at / stride) % Insertions.Length];
            cases.Add($"{Escape(insertion)} at {at}", text.Insert(at, insertion));
        }

        return cases;
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    private static async Task AssertHandled(string how, string plan)
    {
        var run = await InProcessRun.RunAsync(["compare", plan, "--json"]);

        Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.PartlyFailed or ExitCodes.BadInput, $"{how}: exit {run.ExitCode}: {run.Error}");
        Assert.True(run.ErrorLog.Length == 0, $"{how}: {run.Error}\n{run.ErrorLog}");
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        if (run.ExitCode == ExitCodes.BadInput)
        {
            Assert.StartsWith("compare: ", run.Error, StringComparison.Ordinal);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
