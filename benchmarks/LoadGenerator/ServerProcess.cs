using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using MetaAnalysis.ClientSdk;

namespace MetaAnalysis.LoadGenerator;

/// <summary>The server started as a process on a free loopback port with a temporary SQLite file.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "load-generator";

    /// <summary>The key of a second tenant, for the two-tenant scenario.</summary>
    public const string SecondApiKey = "load-generator-b";

    private readonly Process process;
    private readonly string directory;

    private ServerProcess(Process process, string directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    /// <summary>Starts the server with tenants "load" (<see cref="ApiKey"/>) and "load-b" (<see cref="SecondApiKey"/>) and any further <paramref name="settings"/>.</summary>
    public static async Task<ServerProcess> StartAsync(int inProcessWorkers, IReadOnlyDictionary<string, string>? settings = null)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Server", "bin", new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "MetaAnalysis.Server.dll");
        assembly = Path.GetFullPath(assembly);
        var directory = Path.Combine(Path.GetTempPath(), "metaanalysis-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)!, UseShellExecute = false };
        foreach (var argument in new[]
        {
            assembly,
            $"--Urls=http://127.0.0.1:{port}",
            $"--Service:DatabasePath={Path.Combine(directory, "jobs.db")}",
            $"--Service:InProcessWorkers={inProcessWorkers.ToString(CultureInfo.InvariantCulture)}",
            $"--Service:Tenants:load:ApiKeys:0={ApiKey}",
            $"--Service:Tenants:load-b:ApiKeys:0={SecondApiKey}",
            "--Logging:LogLevel:Default=Warning",
        }.Concat((settings ?? new Dictionary<string, string>()).Select(setting => $"--{setting.Key}={setting.Value}")))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var server = new ServerProcess(process, directory, address);
        using var client = new MetaAnalysisClient(address, ApiKey, new MetaAnalysisClientOptions { MaxRetries = 50, InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(200) });
        try
        {
            await client.GetJobAsync("readiness-probe");
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // The server answers: it is up.
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
