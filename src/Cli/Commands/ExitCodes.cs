namespace MetaAnalysis.Cli.Commands;

/// <summary>What the command line's exit codes mean, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Everything ran.</summary>
    public const int Success = 0;

    /// <summary>The work ran but part of it failed: a model could not be fitted, or a conformance case did not match.</summary>
    public const int PartlyFailed = 1;

    /// <summary>The input (plan, data, options) cannot be used; nothing was fitted. The message names the field or the line and column.</summary>
    public const int BadInput = 2;

    /// <summary>An output file could not be written.</summary>
    public const int OutputFailed = 3;

    /// <summary>
    /// The server could not be used: unreachable, it refused the API key, its queue is full, or it failed
    /// internally. Nothing was submitted, or the state of the work is unknown.
    /// </summary>
    public const int ServerUnavailable = 4;

    /// <summary>The server has no job or batch with that id (for this tenant).</summary>
    public const int NotFound = 5;

    /// <summary>
    /// A defect of the program, not of the input: the message gives an error id, and the details are in the
    /// error log it names (<see cref="DefectLog"/>).
    /// </summary>
    public const int InternalError = 70;

    /// <summary>The run was cancelled (Ctrl+C), or the remote jobs were cancelled.</summary>
    public const int Cancelled = 130;
}
