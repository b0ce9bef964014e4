using System.Globalization;

namespace MetaAnalysis.Server.Jobs;

/// <summary>The queue is at its length limit; the client should retry later.</summary>
public sealed class QueueFullException : Exception
{
    /// <summary>Creates the exception for a queue holding <paramref name="queued"/> of at most <paramref name="limit"/> jobs.</summary>
    public QueueFullException(int queued, int limit)
        : base(string.Create(CultureInfo.InvariantCulture, $"the queue is full ({queued} queued jobs, limit {limit}); retry later"))
    {
    }

    /// <summary>Creates the exception.</summary>
    public QueueFullException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public QueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public QueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
