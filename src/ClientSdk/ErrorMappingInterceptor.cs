using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// Turns the service's statuses into the SDK's exceptions, in one place for every call: INVALID_ARGUMENT
/// becomes <see cref="SpecRejectedException"/> with the field path of its trailer. Every other status stays an
/// <see cref="RpcException"/>, so the retry and stream-resumption logic still sees UNAVAILABLE as it was.
/// </summary>
internal sealed class ErrorMappingInterceptor : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            Mapped(() => call.ResponseAsync),
            call.ResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new MappedStream<TResponse>(call.ResponseStream),
            call.ResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    // Takes the call rather than its task: a reader may throw before it returns a task.
    private static async Task<T> Mapped<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
        {
            throw new SpecRejectedException(exception);
        }
    }

    private sealed class MappedStream<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Mapped(() => inner.MoveNext(cancellationToken));
    }
}
