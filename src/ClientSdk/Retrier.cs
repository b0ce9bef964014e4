using Grpc.Core;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// Retries calls that failed for a transient reason. Only UNAVAILABLE is retried: the call did not reach a
/// working server, and every call the client retries is safe to repeat (submissions carry an idempotency
/// key, the rest read or cancel). A deadline, a bad request or a full queue is never retried here.
/// </summary>
internal sealed class Retrier
{
    private readonly MetaAnalysisClientOptions options;

    public Retrier(MetaAnalysisClientOptions options) => this.options = options;

    public static bool IsTransient(StatusCode status) => status == StatusCode.Unavailable;

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): exponential, capped.</summary>
    public TimeSpan Backoff(int retry) => ExponentialBackoff.After(retry, options.InitialBackoff, options.MaxBackoff);

    public int MaxRetries => options.MaxRetries;

    public async Task<T> CallAsync<T>(Func<DateTime, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            try
            {
                return await call(Deadline()).ConfigureAwait(false);
            }
            catch (RpcException exception) when (IsTransient(exception.StatusCode) && retry <= options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(retry), options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DateTime Deadline() => options.TimeProvider.GetUtcNow().UtcDateTime + options.CallTimeout;
}
