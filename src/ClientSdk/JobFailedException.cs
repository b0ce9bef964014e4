using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>The job ended as failed; <see cref="Failure"/> says why (and, for invalid input, which field).</summary>
public sealed class JobFailedException : MetaAnalysisException
{
    /// <summary>Creates the exception for <paramref name="jobId"/> with the server's <paramref name="failure"/>.</summary>
    public JobFailedException(string jobId, JobFailure failure)
        : base($"job {jobId} failed ({failure?.Kind}): {failure?.Message}")
    {
        JobId = jobId;
        Failure = failure ?? new JobFailure();
    }

    /// <summary>Creates the exception.</summary>
    public JobFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public JobFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public JobFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The job.</summary>
    public string JobId { get; } = string.Empty;

    /// <summary>The failure as the server reported it.</summary>
    public JobFailure Failure { get; } = new();
}
