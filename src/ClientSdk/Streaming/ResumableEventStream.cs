using System.Runtime.CompilerServices;
using Grpc.Core;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Streaming;

/// <summary>
/// An event stream that survives broken connections: when the stream fails for a transient reason it is
/// reopened after the last sequence number received, so no event is lost or repeated.
/// </summary>
internal static class ResumableEventStream
{
    /// <summary>Yields the events of the stream <paramref name="open"/> opens, after <paramref name="afterSequence"/>, until it ends.</summary>
    /// <param name="open">Opens the stream after the given sequence number.</param>
    /// <param name="afterSequence">The last sequence number already seen (0 = none).</param>
    /// <param name="retrier">Which failures to resume after, how often and how long to wait.</param>
    /// <param name="time">The clock for back-off waits.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public static async IAsyncEnumerable<JobEvent> ReadAsync(
        Func<long, CancellationToken, AsyncServerStreamingCall<JobEvent>> open,
        long afterSequence,
        Retrier retrier,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterSequence;
        var failures = 0;
        while (true)
        {
            using var call = open(after, cancellationToken);
            var stream = call.ResponseStream;
            var ended = false;
            while (true)
            {
                try
                {
                    if (!await stream.MoveNext(cancellationToken).ConfigureAwait(false))
                    {
                        ended = true;
                        break;
                    }
                }
                catch (RpcException exception) when (Resumable(exception.StatusCode) && !cancellationToken.IsCancellationRequested && ++failures <= retrier.MaxRetries)
                {
                    await Task.Delay(retrier.Backoff(failures), time, cancellationToken).ConfigureAwait(false);
                    break;
                }

                var item = stream.Current;
                failures = 0;
                after = item.Sequence;
                yield return item;
            }

            if (ended)
            {
                yield break;
            }
        }
    }

    // A broken connection shows as UNAVAILABLE, or as INTERNAL when the HTTP/2 stream is reset mid-message.
    private static bool Resumable(StatusCode status) => Retrier.IsTransient(status) || status == StatusCode.Internal;
}
