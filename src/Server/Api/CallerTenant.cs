using Grpc.Core;

namespace MetaAnalysis.Server.Api;

/// <summary>The tenant an authenticated client call acts for, named by <see cref="KeyAuthenticationHandler"/>.</summary>
internal static class CallerTenant
{
    public static string Of(ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(KeyAuthenticationHandler.TenantClaim)?.Value
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "missing API key"));
}
