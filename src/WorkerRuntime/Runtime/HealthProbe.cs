using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// The containers' health check (<c>--health-check</c>): asks a server's grpc.health.v1 service whether it is
/// SERVING, so the images need no probe binary of their own. Exit code 0 when it is, 1 otherwise.
/// </summary>
public static class HealthProbe
{
    /// <summary>The argument that runs the probe instead of the process.</summary>
    public const string Argument = "--health-check";

    /// <summary>Asks <paramref name="channel"/>'s health service about <paramref name="service"/>; 0 when SERVING.</summary>
    public static async Task<int> RunAsync(GrpcChannel channel, string service, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(channel);
        try
        {
            var reply = await new Health.HealthClient(channel)
                .CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow + timeout)
                .ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"{service}: {reply.Status}").ConfigureAwait(false);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (RpcException exception)
        {
            await Console.Out.WriteLineAsync($"{service}: {exception.StatusCode} ({exception.Status.Detail})").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The loopback address of the first URL the server listens on (<c>http://+:5080</c> → <c>http://127.0.0.1:5080</c>).</summary>
    public static string LocalAddress(string? urls)
    {
        var first = (urls ?? "http://127.0.0.1:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var wildcard = first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return wildcard;
    }
}
