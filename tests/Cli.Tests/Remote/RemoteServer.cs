using MetaAnalysis.Cli.Remote;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>A real server process on a free 127.0.0.1 port with a temporary SQLite file, shared by the tests of one class.</summary>
public abstract class RemoteServer : IAsyncLifetime
{
    protected RemoteServer(int inProcessWorkers) => Cluster = new ServiceCluster(inProcessWorkers: inProcessWorkers);

    public ServiceCluster Cluster { get; }

    /// <summary>The connection of tenant lab-a.</summary>
    public ServerConnection Connection() => Connection(ServiceCluster.KeyA);

    /// <summary>The connection with <paramref name="apiKey"/>.</summary>
    public ServerConnection Connection(string apiKey) => new(Cluster.Address, apiKey);

    public Task InitializeAsync() => Cluster.StartServerAsync();

    public Task DisposeAsync()
    {
        Cluster.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A server that fits jobs with two in-process workers.</summary>
public sealed class ServerWithWorkers() : RemoteServer(inProcessWorkers: 2);

/// <summary>A server without workers: every job stays queued until it is cancelled.</summary>
public sealed class ServerWithoutWorkers() : RemoteServer(inProcessWorkers: 0);
