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
}
