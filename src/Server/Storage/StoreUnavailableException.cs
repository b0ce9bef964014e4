namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The database could not be reached (or a commit's outcome is unknown because the connection broke during
/// it). Nothing was acknowledged; the caller may retry — submissions with their idempotency key.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
        : base("the job store is unavailable; retry")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the database's error.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
