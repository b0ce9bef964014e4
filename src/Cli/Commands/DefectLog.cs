using System.Globalization;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// Where the command line keeps what the user should not have to read but a developer needs: the exception
/// of a defect, under the error id the user is shown. The user sees one line with the id and this file's
/// path, never a stack trace.
/// </summary>
/// <param name="path">The log file; appended to, its folder created when missing.</param>
public sealed class DefectLog(string path)
{
    /// <summary>The log in the temporary folder (<c>metaanalysis/errors.log</c>).</summary>
    public static DefectLog Default { get; } = new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metaanalysis", "errors.log"));

    /// <summary>The log file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Appends <paramref name="exception"/> under <paramref name="errorId"/>; returns where the user finds it, for the message.</summary>
    public string Record(string errorId, string command, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.AppendAllText(Path, string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:O} {command}: error id {errorId}{Environment.NewLine}{exception}{Environment.NewLine}{Environment.NewLine}"));
            return $"the details are in {Path}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the details could not be written to {Path}";
        }
    }
}
