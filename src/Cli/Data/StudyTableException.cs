namespace MetaAnalysis.Cli.Data;

/// <summary>A study table that cannot be read or used; the message names the file, and the line (or row) and column of a bad cell.</summary>
public sealed class StudyTableException : Exception
{
    /// <summary>Creates the exception with a message that locates the problem.</summary>
    public StudyTableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the engine's error that it locates.</summary>
    public StudyTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StudyTableException()
    {
    }
}
