using MetaAnalysis.Server;
using MetaAnalysis.Server.Api;
using MetaAnalysis.Server.InProcess;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using MetaAnalysis.Worker.Runtime;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var builder = WebApplication.CreateBuilder(args);
var options = new ServiceOptions();
builder.Configuration.GetSection("Service").Bind(options);
var credentials = new Credentials(options);
if (!credentials.HasTenants || options.WorkerKeys.Count == 0 && options.InProcessWorkers == 0)
{
    await Console.Error.WriteLineAsync(
        "No credentials configured. Set at least one client API key (Service:Tenants:<tenant>:ApiKeys:0) and, for external " +
        "workers, a worker credential (Service:WorkerKeys:0). 'dotnet run' uses the development keys in appsettings.Development.json.").ConfigureAwait(false);
    return 2;
}

// gRPC over cleartext HTTP/2 (h2c); put TLS in front (ingress, proxy) or configure Kestrel certificates.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
    kestrel.Limits.MaxRequestBodySize = options.MaxMessageBytes + 1024;
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(credentials);
builder.Services.AddSingleton<StoreSignals>();
builder.Services.AddSingleton<IJobStore>(services => SqliteJobStore.Open(options.DatabasePath, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<StoreSignals>()));
builder.Services.AddSingleton<JobService>();
builder.Services.AddHostedService<LeaseReaper>();
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
    grpc.EnableDetailedErrors = false;
    grpc.Interceptors.Add<ErrorMappingInterceptor>();
})
    .AddServiceOptions<MetaAnalysisApi>(service => service.Interceptors.Add<ClientAuthInterceptor>())
    .AddServiceOptions<WorkerApi>(service => service.Interceptors.Add<WorkerAuthInterceptor>());
builder.Services.AddGrpcHealthChecks().AddCheck("store", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
builder.Services.AddGrpcReflection();

if (options.InProcessWorkers != 0)
{
    var slots = options.InProcessWorkers > 0 ? options.InProcessWorkers : 8 * Environment.ProcessorCount;
    var workerOptions = new WorkerOptions { Concurrency = slots, WorkerId = $"in-process-{Environment.ProcessId}" };
    builder.Services.AddSingleton<IJobSource, InProcessJobSource>();
    builder.Services.AddWorker(workerOptions);
}

var app = builder.Build();
Log.StoreOpened(app.Services.GetRequiredService<ILogger<JobService>>(), options.DatabasePath, app.Services.GetRequiredService<IJobStore>());
app.MapGrpcService<MetaAnalysisApi>();
app.MapGrpcService<WorkerApi>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
await app.RunAsync().ConfigureAwait(false);
return 0;
