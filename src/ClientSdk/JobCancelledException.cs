namespace MetaAnalysis.ClientSdk;

/// <summary>The job was cancelled before it produced a result.</summary>
public sealed class JobCancelledException : MetaAnalysisException
{
    /// <summary>Creates the exception for <paramref name="jobId"/>.</summary>
    public JobCancelledException(string jobId)
        : base($"job {jobId} was cancelled")
    {
        JobId = jobId;
    }

    /// <summary>Creates the exception.</summary>
    public JobCancelledException()
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public JobCancelledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The job.</summary>
    public string JobId { get; } = string.Empty;
}
