namespace MetaAnalysis.Server.Jobs;

/// <summary>The idempotency key was used before with a different spec.</summary>
public sealed class IdempotencyConflictException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public IdempotencyConflictException(string key)
        : base($"idempotency key '{key}' was already used with a different spec")
    {
    }

    /// <summary>Creates the exception.</summary>
    public IdempotencyConflictException()
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public IdempotencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
