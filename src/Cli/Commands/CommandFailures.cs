using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// The one place where an exception that ends a command becomes a message on standard error and an exit
/// code (<see cref="ExitCodes"/>): bad input names the field or the file's line and column; Ctrl+C says
/// cancelled; anything else is a defect, shown as one line with an error id whose details go to the
/// <see cref="DefectLog"/>. No stack trace reaches the user.
/// </summary>
public static class CommandFailures
{
    /// <summary>Errors that mean the input cannot be used (plan, data, options, an unreadable file).</summary>
    public static bool IsBadInput(Exception exception) =>
        exception is InvalidInputException or StudyTableException or FileNotFoundException or DirectoryNotFoundException or IOException;

    /// <summary>Writes the message of <paramref name="exception"/>, which ended <paramref name="command"/>, and returns its exit code.</summary>
    public static int Report(string command, Exception exception, CommandStreams streams)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(streams);
        if (IsBadInput(exception))
        {
            streams.Error.WriteLine($"{command}: {exception.Message}");
            return ExitCodes.BadInput;
        }

        if (exception is OperationCanceledException)
        {
            streams.Error.WriteLine($"{command}: cancelled");
            return ExitCodes.Cancelled;
        }

        var errorId = FitFailures.NewErrorId();
        var where = streams.Defects.Record(errorId, command, exception);
        streams.Error.WriteLine($"{command}: internal error (error id {errorId}; {where}); please report it with the command that caused it");
        return ExitCodes.InternalError;
    }

    /// <summary>
    /// Records a defect inside one model's fit (the model is reported as failed with <paramref name="errorId"/>,
    /// the others still run) and says where its details are.
    /// </summary>
    public static void ReportModelDefect(string command, string errorId, Exception exception, CommandStreams streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        streams.Error.WriteLine($"{command}: error id {errorId}: {streams.Defects.Record(errorId, command, exception)}");
    }
}
