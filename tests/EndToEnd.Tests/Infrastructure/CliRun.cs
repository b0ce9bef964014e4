using System.Diagnostics;

namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>One run of the command line as a process, with its standard output and error kept apart.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>metaanalysis</c> with <paramref name="arguments"/> in <paramref name="folder"/> and waits for it.</summary>
    public static Task<CliRun> RunAsync(string folder, TimeSpan timeout, params string[] arguments) =>
        RunAsync(folder, timeout, new Dictionary<string, string?>(), arguments);

    /// <summary>The same, with environment variables set (or, with a null value, removed) for the process.</summary>
    public static async Task<CliRun> RunAsync(string folder, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
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
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

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
