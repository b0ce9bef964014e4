namespace MetaAnalysis.Cli.Tests;

/// <summary>Finds the shared conformance cases: the folder <c>shared/reference/cases</c> beside the repository.</summary>
internal static class ReferenceCases
{
    public static string Folder => Path.Combine(Path.GetDirectoryName(RepositoryRoot)!, "shared", "reference", "cases");

    /// <summary>The repository's root folder (the one holding MetaAnalysis.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MetaAnalysis.slnx")))
            {
                dir = dir.Parent;
            }

            if (dir?.Parent is null)
            {
                throw new DirectoryNotFoundException("cannot find the repository root (MetaAnalysis.slnx) above the test binaries");
            }

            return dir.FullName;
        }
    }

    /// <summary>Extra case folders named in <c>METAANALYSIS_CONFORMANCE_FOLDERS</c> (path-separator separated).</summary>
    public static IEnumerable<string> ExtraFolders =>
        (Environment.GetEnvironmentVariable("METAANALYSIS_CONFORMANCE_FOLDERS") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
