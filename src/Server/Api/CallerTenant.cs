using Grpc.Core;

namespace MetaAnalysis.Server.Api;

/// <summary>The tenant an authenticated client call acts for, put on the call by <see cref="ClientAuthInterceptor"/>.</summary>
internal static class CallerTenant
{
    private const string Key = "tenant";

    public static void Set(ServerCallContext context, string tenant) => context.UserState[Key] = tenant;

    public static string Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var tenant) && tenant is string name
            ? name
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "missing API key"));
}
