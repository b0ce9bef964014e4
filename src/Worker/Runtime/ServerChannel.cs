using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// The gRPC channel to the server replicas, with gRPC's own client-side load balancing: calls are spread
/// round-robin over the replicas that are up, and a replica that goes away is skipped until it is back.
/// </summary>
/// <remarks>
/// <c>Worker:Server</c> is one of: one address (<c>http://server:5080</c>); several, comma-separated
/// (<c>http://a:5080,http://b:5080</c>, a static list); or <c>dns:///name:port</c>, resolved to every
/// address the name has and re-resolved every 30 s — with a Kubernetes headless service this is every
/// ready server pod. The calls are cleartext HTTP/2 (put TLS in a service mesh or use https addresses).
/// </remarks>
public static class ServerChannel
{
    private static readonly TimeSpan DnsRefresh = TimeSpan.FromSeconds(30);

    /// <summary>Creates the channel for <paramref name="servers"/> (see remarks).</summary>
    public static GrpcChannel Create(string servers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(servers);
        var addresses = servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 1 && !servers.StartsWith("dns:", StringComparison.OrdinalIgnoreCase))
        {
            return GrpcChannel.ForAddress(addresses[0]);
        }

        var resolvers = new ServiceCollection();
        string target;
        ChannelCredentials credentials;
        if (addresses.Length == 1)
        {
            resolvers.AddSingleton<ResolverFactory>(new DnsResolverFactory(DnsRefresh));
            target = addresses[0];
            credentials = ChannelCredentials.Insecure;
        }
        else
        {
            var uris = addresses.Select(address => new Uri(address)).ToArray();
            if (uris.Select(uri => uri.Scheme).Distinct(StringComparer.OrdinalIgnoreCase).Count() != 1)
            {
                throw new ArgumentException("the server addresses must all be http or all https", nameof(servers));
            }

            resolvers.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => uris.Select(uri => new BalancerAddress(uri.Host, uri.Port))));
            target = "static:///metaanalysis-servers";
            credentials = uris[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        }

        return GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            Credentials = credentials,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            ServiceProvider = resolvers.BuildServiceProvider(),
        });
    }
}
