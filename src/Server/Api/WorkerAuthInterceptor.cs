using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MetaAnalysis.Server.Api;

/// <summary>Admits worker calls that carry a worker credential in <c>x-worker-key</c>; client API keys do not work here.</summary>
public sealed class WorkerAuthInterceptor : Interceptor
{
    private readonly Credentials credentials;

    /// <summary>Creates the interceptor over the configured <paramref name="credentials"/>.</summary>
    public WorkerAuthInterceptor(Credentials credentials) => this.credentials = credentials;

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (!credentials.IsWorker(context.RequestHeaders.GetValue(Credentials.WorkerKeyHeader)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"a valid worker credential is required in the '{Credentials.WorkerKeyHeader}' header"));
        }

        return continuation(request, context);
    }
}
