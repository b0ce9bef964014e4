using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Worker.Runtime;

namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Several server processes over one PostgreSQL database, and worker processes that balance their calls
/// over all of them (as in a Kubernetes deployment), on 127.0.0.1. Killed on dispose.
/// </summary>
public sealed class ReplicatedCluster : IDisposable
{
    private readonly List<ManagedProcess> processes = [];
    private readonly List<GrpcChannel> channels = [];
    private readonly string connectionString;
    private readonly double leaseSeconds;

    public ReplicatedCluster(string connectionString, int servers, double leaseSeconds)
    {
        this.connectionString = connectionString;
        this.leaseSeconds = leaseSeconds;
        Ports = Enumerable.Range(0, servers).Select(_ => FreePort.Next()).ToArray();
    }

    public IReadOnlyList<int> Ports { get; }

    public List<ManagedProcess> Servers { get; } = [];

    /// <summary>Every server's address, comma-separated: what workers and clients are given.</summary>
    public string Addresses => string.Join(',', Ports.Select(port => $"http://127.0.0.1:{port}"));

    /// <summary>Starts every server and waits until each says SERVING.</summary>
    public async Task StartServersAsync()
    {
        for (var i = 0; i < Ports.Count; i++)
        {
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Urls"] = $"http://127.0.0.1:{Ports[i]}",
                ["Service:Store"] = "postgres",
                ["Service:PostgresConnectionString"] = connectionString,
                ["Service:LeaseDuration"] = TimeSpan.FromSeconds(leaseSeconds).ToString("c", CultureInfo.InvariantCulture),
                ["Service:ReaperInterval"] = "00:00:00.2",
                ["Service:InProcessWorkers"] = "0",
                ["Service:Tenants:lab-a:ApiKeys:0"] = ServiceCluster.KeyA,
                ["Service:WorkerKeys:0"] = ServiceCluster.WorkerKey,
            };
            var server = new ManagedProcess($"server-{i + 1}", RepositoryPaths.ServerAssembly, settings.Select(s => $"--{s.Key}={s.Value}"));
            processes.Add(server);
            Servers.Add(server);
        }

        for (var i = 0; i < Ports.Count; i++)
        {
            await WaitUntilServingAsync(Servers[i], Ports[i], TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Starts a worker process that knows every server.</summary>
    public ManagedProcess StartWorker(string name, int concurrency)
    {
        var worker = new ManagedProcess(
            name,
            RepositoryPaths.WorkerAssembly,
            [$"--Worker:Server={Addresses}", $"--Worker:Key={ServiceCluster.WorkerKey}", $"--Worker:Concurrency={concurrency}", $"--Worker:WorkerId={name}", "--Worker:HeartbeatInterval=00:00:00.25"]);
        processes.Add(worker);
        return worker;
    }

    /// <summary>An SDK client whose calls are balanced over every server.</summary>
    public MetaAnalysisClient Client(string apiKey, MetaAnalysisClientOptions options)
    {
        var channel = ServerChannel.Create(Addresses);
        channels.Add(channel);
        return new MetaAnalysisClient(channel, apiKey, options);
    }

    public string Diagnostics() => string.Join("\n", processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        foreach (var process in processes)
        {
            process.Dispose();
        }
    }

    private static async Task WaitUntilServingAsync(ManagedProcess server, int port, TimeSpan timeout)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = new Health.HealthClient(channel);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest { Service = "readiness" }, deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < until && !server.HasExited)
            {
            }

            if (DateTime.UtcNow > until || server.HasExited)
            {
                throw new TimeoutException($"{server.Name} did not become ready. Output:\n{server.Output}");
            }

            await Task.Delay(100);
        }
    }
}
