using System.Reflection;
using System.Runtime.InteropServices;

namespace MetaAnalysis.Reports.Documents;

/// <summary>What a rerun needs to know: versions of the program, its engines and libraries, the platform, and when it ran.</summary>
/// <param name="CliVersion">The command line's version.</param>
/// <param name="CoreVersion">The engines' version.</param>
/// <param name="Libraries">Versions of the libraries that compute or draw (MathNet.Numerics, ScottPlot).</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Platform">The operating system and architecture.</param>
/// <param name="StartedUtc">When the batch started (UTC).</param>
/// <param name="Seconds">How long the batch took.</param>
/// <param name="CommandLine">The command that ran it.</param>
/// <param name="Where">"local" for a run in this process, else the server's address.</param>
/// <param name="BatchId">The service's batch id (remote runs).</param>
/// <param name="JobIds">The service's job id of each model, by name (remote runs).</param>
public sealed record RunInformation(
    string CliVersion,
    string CoreVersion,
    IReadOnlyDictionary<string, string> Libraries,
    string Runtime,
    string Platform,
    DateTimeOffset StartedUtc,
    double Seconds,
    string CommandLine,
    string Where = "local",
    string? BatchId = null,
    IReadOnlyDictionary<string, string>? JobIds = null)
{
    /// <summary>The versions of this process, started at <paramref name="started"/>.</summary>
    public static RunInformation Capture(DateTimeOffset started, double seconds, string commandLine) => new(
        VersionOf(typeof(RunInformation).Assembly),
        VersionOf(typeof(Core.Data.EffectData).Assembly),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MathNet.Numerics"] = VersionOf(typeof(MathNet.Numerics.SpecialFunctions).Assembly),
            ["ScottPlot"] = VersionOf(typeof(ScottPlot.Plot).Assembly),
        },
        RuntimeInformation.FrameworkDescription,
        $"{RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})",
        started,
        seconds,
        commandLine);

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";
}
