using Microsoft.Extensions.Logging;

namespace MetaAnalysis.Worker;

/// <summary>The worker's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Worker {WorkerId} started with {Concurrency} slots")]
    public static partial void WorkerStarted(ILogger logger, string workerId, int concurrency);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Leased job {JobId} attempt {Attempt}")]
    public static partial void JobLeased(ILogger logger, string jobId, int attempt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Job {JobId} attempt {Attempt} completed")]
    public static partial void JobCompleted(ILogger logger, string jobId, int attempt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} failed: {Kind}: {Reason}")]
    public static partial void JobFailed(ILogger logger, string jobId, int attempt, string kind, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Job {JobId} attempt {Attempt}: the engine threw (error {ErrorId})")]
    public static partial void EngineError(ILogger logger, Exception exception, string jobId, int attempt, string errorId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} stopped: {Outcome}")]
    public static partial void JobStopped(ILogger logger, string jobId, int attempt, Runtime.HeartbeatOutcome outcome);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "The report for job {JobId} attempt {Attempt} was refused: the attempt is stale")]
    public static partial void ReportRefused(ILogger logger, string jobId, int attempt);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Leasing failed; retrying in {Delay}")]
    public static partial void LeaseFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Could not reach the server for job {JobId} ({Call}); retrying")]
    public static partial void ServerUnreachable(ILogger logger, Exception exception, string jobId, string call);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} abandoned: the worker is stopping")]
    public static partial void JobAbandoned(ILogger logger, string jobId, int attempt);
}
