using System.Globalization;

namespace MetaAnalysis.Server.Jobs;

/// <summary>The queue, or the tenant's share of it, is at its length limit; the client should retry later.</summary>
public sealed class QueueFullException : Exception
{
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

    /// <summary>The whole queue is at <paramref name="limit"/>. The message gives no count: the queue's length tells one tenant of the others' volume.</summary>
    public static QueueFullException Service(int limit) =>
        new(string.Create(CultureInfo.InvariantCulture, $"the service's queue is full (limit {limit} queued jobs, MaxQueuedJobs); retry later"));

    /// <summary>The tenant holds <paramref name="queued"/> queued jobs, and <paramref name="adding"/> more would pass its <paramref name="limit"/>.</summary>
    public static QueueFullException Tenant(int queued, int adding, int limit) =>
        new(string.Create(CultureInfo.InvariantCulture, $"this tenant's queue is full ({queued} queued jobs, {adding} more submitted, limit {limit} per tenant, MaxQueuedJobsPerTenant); retry later"));
}
