namespace MetaAnalysis.Server;

/// <summary>The server's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Job store at {Path} ({Queued} queued jobs)")]
    private static partial void StoreOpened(ILogger logger, string path, int queued);

    public static void StoreOpened(ILogger logger, string path, Storage.IJobStore store)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var fullPath = Path.GetFullPath(path);
            var queued = store.QueuedCount;
            StoreOpened(logger, fullPath, queued);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Count} expired leases: jobs requeued or failed")]
    public static partial void LeasesExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Looking for expired leases failed")]
    public static partial void ReaperFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Unhandled error in {Method} (error id {ErrorId})")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string errorId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Job store in PostgreSQL database {Database} on {Host} (schema version {Version}, {Queued} queued jobs)")]
    public static partial void PostgresStoreOpened(ILogger logger, string database, string host, int version, int queued);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "The PostgreSQL notification connection broke; reconnecting in {Delay}")]
    public static partial void ListenerLost(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "The PostgreSQL notification connection is back; open streams resume from the store")]
    public static partial void ListenerReconnected(ILogger logger);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Committed events could not be read for delivery; open streams resume from the store")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Counting the queued jobs failed")]
    public static partial void RecountFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "PostgreSQL is unreachable (attempt {Attempt}); retrying in {Delay}")]
    public static partial void DatabaseRetry(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "{Count} jobs were held by this server's in-process workers when it last stopped; they are back in the queue or failed")]
    public static partial void EarlierRunLeasesEnded(ILogger logger, int count);
}
