namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// A live stream can no longer be served from this replica's announcements (the store may have committed
/// events it was not told about); the client resumes the stream after the last sequence number it received.
/// </summary>
public sealed class StreamInterruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamInterruptedException()
        : base("the stream was interrupted; resume it after the last sequence number received")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StreamInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StreamInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
