namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>Where the repository and the build outputs of the server and worker are.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly (Debug or Release); the processes run the same.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string ServerAssembly => Output("Server", "MetaAnalysis.Server.dll");

    public static string WorkerAssembly => Output("Worker", "MetaAnalysis.Worker.dll");

    public static string CliAssembly => Output("Cli", "metaanalysis.dll");

    public static string RtmsExample => Path.Combine(Root, "examples", "rtms", "rtms_synthetic.csv");

    private static string Output(string project, string assembly)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build src/{project} first ({Configuration})", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MetaAnalysis.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (MetaAnalysis.slnx) is not above the test assembly");
    }
}
