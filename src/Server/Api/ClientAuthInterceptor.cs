using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MetaAnalysis.Server.Api;

/// <summary>Admits client calls that carry a tenant's API key in <c>x-api-key</c>, and records the tenant on the call.</summary>
public sealed class ClientAuthInterceptor : Interceptor
{
    private readonly Credentials credentials;

    /// <summary>Creates the interceptor over the configured <paramref name="credentials"/>.</summary>
    public ClientAuthInterceptor(Credentials credentials) => this.credentials = credentials;

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authenticate(context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        var tenant = credentials.TenantOf(context.RequestHeaders.GetValue(Credentials.ApiKeyHeader))
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, $"a valid API key is required in the '{Credentials.ApiKeyHeader}' header"));
        CallerTenant.Set(context, tenant);
    }
}
