using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Worker.Runtime;
using MetaAnalysis.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A worker process: leases jobs from the server replicas over gRPC and fits them. Settings (configuration
// keys, also as environment variables Worker__Server etc. or --Worker:Server=...):
//   Worker:Server       the server's address, e.g. http://127.0.0.1:5080; several comma-separated, or
//                       dns:///name:port for every address of a name (required; see ServerChannel)
//   Worker:Key          the worker credential (required)
//   Worker:Concurrency  jobs fitted at once (default: one per processor)
// With --health-check it only asks a server whether it is ready (exit code 0) and ends: the container's health check.
// Telemetry: the OTEL_* variables (see TelemetrySetup); Logging__Console__FormatterName=json for JSON logs.
var builder = Host.CreateApplicationBuilder(args);
var options = new WorkerOptions();
builder.Configuration.GetSection("Worker").Bind(options);
var server = builder.Configuration["Worker:Server"];
var key = builder.Configuration["Worker:Key"];
if (string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(key))
{
    await Console.Error.WriteLineAsync("Set Worker:Server (the server's address) and Worker:Key (the worker credential).").ConfigureAwait(false);
    return 2;
}

// The container's health check: can this worker reach a ready server?
if (args.Contains(HealthProbe.Argument))
{
    using var channel = ServerChannel.Create(server);
    return await HealthProbe.RunAsync(channel, "readiness", TimeSpan.FromSeconds(3)).ConfigureAwait(false);
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => ServerChannel.Create(server));
builder.Services.AddSingleton<IJobSource>(services => new GrpcJobSource(
    new WorkerService.WorkerServiceClient(services.GetRequiredService<Grpc.Net.Client.GrpcChannel>()),
    key,
    longPoll: TimeSpan.FromSeconds(20),
    reportTimeout: TimeSpan.FromSeconds(30),
    services.GetRequiredService<TimeProvider>(),
    services.GetRequiredService<ILoggerFactory>().CreateLogger<GrpcJobSource>()));
builder.Services.AddWorker(options);
builder.Services.AddServiceTelemetry(builder.Configuration, "metaanalysis-worker");
await builder.Build().RunAsync().ConfigureAwait(false);
return 0;
