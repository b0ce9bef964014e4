using MetaAnalysis.Cli.Commands;

namespace MetaAnalysis.Cli.Tests.EntryPoint;

/// <summary>
/// One run of the program's entry point (<see cref="CommandLineApplication.RunAsync"/>) in this process, as
/// a process with its standard output redirected runs it: tables and JSON to <see cref="Output"/>, errors to
/// <see cref="Error"/>, defects' details to a log of its own.
/// </summary>
internal sealed record InProcessRun(int ExitCode, string Output, string Error, string ErrorLog)
{
    /// <summary>A small table of five studies with yi, vi and a numeric moderator (year).</summary>
    public const string Studies = """
        study,yi,vi,year
        A,0.30,0.040,2001
        B,0.55,0.030,2004
        C,-0.05,0.060,2008
        D,0.25,0.020,2010
        E,0.15,0.035,2015
        """;

    /// <summary>Runs <c>metaanalysis <paramref name="args"/></c> with the environment variables <paramref name="environment"/> (and no others).</summary>
    public static async Task<InProcessRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, Action<System.CommandLine.RootCommand>? extend = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var log = new DefectLog(Path.Combine(Path.GetTempPath(), "metaanalysis-tests", Guid.NewGuid().ToString("N"), "errors.log"));
        Func<string, string?> variables = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null;
        var streams = CommandStreams.Create(output, error, outputIsTerminal: false, variables, log);
        var root = CommandLineApplication.Create(streams, variables);
        extend?.Invoke(root);
        var exit = await CommandLineApplication.RunAsync(root, args, streams);
        var logged = File.Exists(log.Path) ? await File.ReadAllTextAsync(log.Path) : string.Empty;
        if (File.Exists(log.Path))
        {
            Directory.Delete(Path.GetDirectoryName(log.Path)!, recursive: true);
        }

        return new InProcessRun(exit, output.ToString(), error.ToString(), logged);
    }
}
