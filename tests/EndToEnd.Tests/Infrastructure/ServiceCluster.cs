using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A server and its workers as real processes on 127.0.0.1, with a temporary SQLite file. Two tenants
/// ("lab-a", "lab-b") and one worker credential are configured. Everything is killed and deleted on dispose.
/// </summary>
public sealed class ServiceCluster : IDisposable
{
    public const string KeyA = "key-lab-a";
    public const string KeyB = "key-lab-b";
    public const string WorkerKey = "worker-secret";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "metaanalysis-e2e", Guid.NewGuid().ToString("N"));
    private readonly List<ManagedProcess> processes = [];
    private readonly List<GrpcChannel> channels = [];
    private readonly Dictionary<string, string> settings;

    /// <param name="leaseSeconds">The lease; short, so that lost workers are noticed within the test.</param>
    /// <param name="inProcessWorkers">In-process worker slots of the server (0 = only worker processes).</param>
    /// <param name="extraSettings">More server settings (configuration keys and values).</param>
    /// <param name="dashboard">Whether the server also serves the web dashboard (at <see cref="DashboardAddress"/>).</param>
    public ServiceCluster(double leaseSeconds = 30, int inProcessWorkers = 0, IReadOnlyDictionary<string, string>? extraSettings = null, bool dashboard = false)
    {
        Directory.CreateDirectory(directory);
        Port = FreePort.Next();
        DashboardPort = dashboard ? FreePort.Next() : 0;
        settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Urls"] = Address.ToString().TrimEnd('/'),
            ["Service:DatabasePath"] = Path.Combine(directory, "jobs.db"),
            ["Service:LeaseDuration"] = TimeSpan.FromSeconds(leaseSeconds).ToString("c", CultureInfo.InvariantCulture),
            ["Service:ReaperInterval"] = "00:00:00.2",
            ["Service:InProcessWorkers"] = inProcessWorkers.ToString(CultureInfo.InvariantCulture),
            ["Service:Tenants:lab-a:ApiKeys:0"] = KeyA,
            ["Service:Tenants:lab-b:ApiKeys:0"] = KeyB,
            ["Service:WorkerKeys:0"] = WorkerKey,
            ["Logging:LogLevel:Default"] = "Information",
        };
        if (dashboard)
        {
            settings["Service:DashboardUrl"] = DashboardAddress.ToString().TrimEnd('/');
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The dashboard's port (0 without one).</summary>
    public int DashboardPort { get; }

    /// <summary>The web dashboard's address.</summary>
    public Uri DashboardAddress => new($"http://127.0.0.1:{DashboardPort}/");

    public ManagedProcess? Server { get; private set; }

    /// <summary>Starts the server and waits until its health check says SERVING.</summary>
    public async Task<ManagedProcess> StartServerAsync()
    {
        Server = Track(new ManagedProcess("server", RepositoryPaths.ServerAssembly, settings.Select(s => $"--{s.Key}={s.Value}")));
        await WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return Server;
    }

    /// <summary>Starts a worker process with <paramref name="concurrency"/> slots.</summary>
    public ManagedProcess StartWorker(string name, int concurrency = 1) => Track(new ManagedProcess(
        name,
        RepositoryPaths.WorkerAssembly,
        [$"--Worker:Server={Address}", $"--Worker:Key={WorkerKey}", $"--Worker:Concurrency={concurrency}", $"--Worker:WorkerId={name}", "--Worker:HeartbeatInterval=00:00:00.25"]));

    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel());
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < until && Server is { HasExited: false })
            {
            }

            if (DateTime.UtcNow > until || Server is { HasExited: true })
            {
                throw new TimeoutException($"the server did not become healthy. Output:\n{Server?.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The SDK client of a tenant.</summary>
    public MetaAnalysisClient Client(string apiKey, MetaAnalysisClientOptions? options = null) => new(Channel(), apiKey, options);

    /// <summary>The generated client with the API key header, for raw status checks.</summary>
    public (MetaAnalysisService.MetaAnalysisServiceClient Client, Metadata Headers) RawClient(string apiKey) =>
        (new MetaAnalysisService.MetaAnalysisServiceClient(Channel()), new Metadata { { MetaAnalysisClient.ApiKeyHeader, apiKey } });

    public GrpcChannel Channel()
    {
        var channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = null });
        channels.Add(channel);
        return channel;
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

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ManagedProcess Track(ManagedProcess process)
    {
        processes.Add(process);
        return process;
    }
}
