namespace MetaAnalysis.Server.Jobs;

/// <summary>No job or batch with this id for the caller's tenant (another tenant's job is not found either).</summary>
public sealed class JobNotFoundException : Exception
{
    /// <summary>Creates the exception for a <paramref name="kind"/> ("job" or "batch") and id.</summary>
    public JobNotFoundException(string kind, string id)
        : base($"{kind} '{id}' not found")
    {
    }

    /// <summary>Creates the exception.</summary>
    public JobNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public JobNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public JobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
