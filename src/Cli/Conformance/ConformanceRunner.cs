using System.Reflection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>How one case ended.</summary>
public enum CaseOutcome
{
    /// <summary>Every compared figure matched.</summary>
    Passed,

    /// <summary>A figure did not match, or the engine failed.</summary>
    Failed,

    /// <summary>The task or its options are not supported yet.</summary>
    Skipped,
}

/// <summary>The result of one case, with the lines that explain a failure or a skip.</summary>
public sealed record CaseResult(string Id, string Task, CaseOutcome Outcome, IReadOnlyList<string> Details);

/// <summary>The result of a folder of cases.</summary>
public sealed record ConformanceSummary(IReadOnlyList<CaseResult> Cases)
{
    /// <summary>Cases whose figures all matched.</summary>
    public int Passed => Cases.Count(c => c.Outcome == CaseOutcome.Passed);

    /// <summary>Cases with a mismatch or an error.</summary>
    public int Failed => Cases.Count(c => c.Outcome == CaseOutcome.Failed);

    /// <summary>Cases of unsupported tasks or options.</summary>
    public int Skipped => Cases.Count(c => c.Outcome == CaseOutcome.Skipped);

    /// <summary>The closing line, <c>N passed, M failed, S skipped</c>.</summary>
    public string ClosingLine => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}

/// <summary>Runs every <c>*.json</c> case of a folder through the engines.</summary>
public sealed class ConformanceRunner
{
    private readonly Dictionary<string, IConformanceTask> tasks;

    /// <summary>Creates a runner over the given tasks.</summary>
    public ConformanceRunner(IEnumerable<IConformanceTask> tasks)
    {
        this.tasks = tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>A runner over every <see cref="IConformanceTask"/> in this assembly.</summary>
    public static ConformanceRunner WithAllTasks() => new(
        typeof(ConformanceRunner).Assembly.GetTypes()
            .Where(t => typeof(IConformanceTask).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (IConformanceTask)Activator.CreateInstance(t)!));

    /// <summary>The task names this runner supports.</summary>
    public IReadOnlyCollection<string> SupportedTasks => tasks.Keys;

    /// <summary>Runs every case in <paramref name="folder"/>, in file-name order.</summary>
    public ConformanceSummary RunFolder(string folder)
    {
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        return new ConformanceSummary(files.Select(RunFile).ToArray());
    }

    /// <summary>Runs one case file.</summary>
    public CaseResult RunFile(string file)
    {
        ConformanceCase testCase;
        try
        {
            testCase = ConformanceCase.Load(file);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or IOException)
        {
            return new CaseResult(Path.GetFileName(file), "?", CaseOutcome.Failed, [$"cannot read the case: {ex.Message}"]);
        }

        if (!tasks.TryGetValue(testCase.Task, out var task))
        {
            return new CaseResult(testCase.Id, testCase.Task, CaseOutcome.Skipped, [$"task '{testCase.Task}' is not supported"]);
        }

        try
        {
            var computed = task.Run(testCase);
            var (mismatches, notProduced) = FigureComparison.Compare(testCase.Expected, computed, testCase.Tolerance);
            var details = mismatches.Select(m => $"{m.Figure}: expected {m.Expected}, computed {m.Computed}")
                .Concat(notProduced.Select(f => $"{f}: not produced by this task (not compared)"))
                .ToArray();
            return new CaseResult(testCase.Id, testCase.Task, mismatches.Count == 0 ? CaseOutcome.Passed : CaseOutcome.Failed, details);
        }
        catch (UnsupportedCaseException ex)
        {
            return new CaseResult(testCase.Id, testCase.Task, CaseOutcome.Skipped, [ex.Message]);
        }
        catch (Exception ex) when (ex is InvalidInputException or FormatException or InvalidOperationException or ArgumentException or ArithmeticException or TargetInvocationException)
        {
            return new CaseResult(testCase.Id, testCase.Task, CaseOutcome.Failed, [$"error: {ex.Message}"]);
        }
    }
}
