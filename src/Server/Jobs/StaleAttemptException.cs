using System.Globalization;

namespace MetaAnalysis.Server.Jobs;

/// <summary>A worker reported for an attempt that is no longer the job's current one; the report was refused.</summary>
public sealed class StaleAttemptException : Exception
{
    /// <summary>Creates the exception for <paramref name="jobId"/> attempt <paramref name="attempt"/>.</summary>
    public StaleAttemptException(string jobId, int attempt)
        : base(string.Create(CultureInfo.InvariantCulture, $"attempt {attempt} of job '{jobId}' is no longer current (its lease expired, or the job ended or was cancelled)"))
    {
    }

    /// <summary>Creates the exception.</summary>
    public StaleAttemptException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StaleAttemptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StaleAttemptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
