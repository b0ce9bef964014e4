using System.Diagnostics;

namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>One run of the command line as a process, with its standard output and error kept apart.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>metaanalysis</c> with <paramref name="arguments"/> in <paramref name="folder"/> and waits for it.</summary>
    public static async Task<CliRun> RunAsync(string folder, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.CliAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The command line reads these when --server and --api-key are absent; a developer's own must not leak in.
        start.Environment.Remove("METAANALYSIS_SERVER");
        start.Environment.Remove("METAANALYSIS_API_KEY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
