using Grpc.AspNetCore.Server.Model;
using MetaAnalysis.Server;
using MetaAnalysis.Server.Api;
using MetaAnalysis.Server.Dashboard;
using MetaAnalysis.Server.InProcess;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using MetaAnalysis.Server.Storage.Postgres;
using MetaAnalysis.Server.Telemetry;
using MetaAnalysis.Worker.Runtime;
using MetaAnalysis.Worker.Telemetry;
using Microsoft.AspNetCore.Authentication;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);

// The container's health check: is the server listening here ready (its job store answering)?
if (args.Contains(HealthProbe.Argument))
{
    using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(HealthProbe.LocalAddress(builder.Configuration["Urls"]));
    return await HealthProbe.RunAsync(channel, "readiness", TimeSpan.FromSeconds(3)).ConfigureAwait(false);
}

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

if (options.Store is not (ServiceOptions.SqliteStore or ServiceOptions.PostgresStore))
{
    await Console.Error.WriteLineAsync($"Service:Store is '{options.Store}'; it must be '{ServiceOptions.SqliteStore}' or '{ServiceOptions.PostgresStore}'.").ConfigureAwait(false);
    return 2;
}

if (options.Store == ServiceOptions.PostgresStore && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
{
    await Console.Error.WriteLineAsync("Service:Store is 'postgres' but Service:PostgresConnectionString is not set.").ConfigureAwait(false);
    return 2;
}

// gRPC over cleartext HTTP/2 (h2c) at Urls, the dashboard over HTTP/1.1 beside it; put TLS in front
// (ingress, proxy).
ListenAddresses listen;
try
{
    listen = new ListenAddresses(builder.Configuration["Urls"] ?? string.Empty, options.DashboardUrl);
}
catch (InvalidOperationException invalid)
{
    await Console.Error.WriteLineAsync(invalid.Message).ConfigureAwait(false);
    return 2;
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    listen.ConfigureProtocols(kestrel);
    kestrel.Limits.MaxRequestBodySize = options.MaxMessageBytes + 1024;
});
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(credentials);
builder.Services.AddSingleton<StoreSignals>();
builder.Services.AddSingleton<IJobStore>(services => new JobStateMachine(options.Store == ServiceOptions.PostgresStore
    ? PostgresJobStore.Open(options.PostgresConnectionString, services.GetRequiredService<StoreSignals>(), services.GetRequiredService<ILogger<PostgresJobStore>>())
    : SqliteJobStore.Open(options.DatabasePath, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<StoreSignals>())));
builder.Services.AddSingleton<JobService>();
builder.Services.AddSingleton<ServerMetrics>();
var inProcessIdentity = new InProcessWorkerIdentity(options.InstanceName);
builder.Services.AddSingleton(inProcessIdentity);
builder.Services.AddHostedService<EarlierRunLeases>();
builder.Services.AddHostedService<LeaseReaper>();
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
    grpc.EnableDetailedErrors = false;
    grpc.Interceptors.Add<ErrorMappingInterceptor>();
});

// Keys are checked by middleware, before the gRPC endpoint reads (let alone parses) the request body.
var authentication = builder.Services.AddAuthentication()
    .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(KeyAuthenticationHandler.ClientScheme, configureOptions: null)
    .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(KeyAuthenticationHandler.WorkerScheme, configureOptions: null);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(KeyAuthenticationHandler.ClientScheme, policy => policy.AddAuthenticationSchemes(KeyAuthenticationHandler.ClientScheme).RequireClaim(KeyAuthenticationHandler.TenantClaim))
    .AddPolicy(KeyAuthenticationHandler.WorkerScheme, policy => policy.AddAuthenticationSchemes(KeyAuthenticationHandler.WorkerScheme).RequireAuthenticatedUser());

// The web dashboard: signed-in sessions in a cookie, sign-in attempts limited per client address.
builder.Services.AddDashboardSession(authentication, options);
builder.Services.AddSingleton(services => new DashboardReports(services.GetRequiredService<JobService>(), listen.ServiceAddress));
builder.Services.AddRateLimiter(limiter =>
{
    limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    limiter.AddPolicy(DashboardEndpoints.SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.DashboardSignInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
});
builder.Services.AddSingleton<IServiceMethodProvider<MetaAnalysisApi>, RequestParsingMethodProvider<MetaAnalysisApi>>();
builder.Services.AddSingleton<IServiceMethodProvider<WorkerApi>, RequestParsingMethodProvider<WorkerApi>>();

// grpc.health.v1: "" is everything; "liveness" only that the process answers (a database outage must not
// restart every replica); "readiness" also that the job store answers.
builder.Services.AddGrpcHealthChecks(health =>
{
    health.Services.Map("liveness", check => check.Tags.Contains("live"));
    health.Services.Map("readiness", check => check.Tags.Contains("ready"));
})
    .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
    .AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
builder.Services.AddGrpcReflection();
builder.Services.AddServiceTelemetry(
    builder.Configuration,
    "metaanalysis-server",
    tracing => tracing.AddAspNetCoreInstrumentation().AddSource("Npgsql"),
    metrics => metrics.AddMeter(ServerMetrics.Name).AddAspNetCoreInstrumentation().AddMeter("Npgsql"));

if (options.InProcessWorkers != 0)
{
    var slots = options.InProcessWorkers > 0 ? options.InProcessWorkers : 8 * Environment.ProcessorCount;
    var workerOptions = new WorkerOptions { Concurrency = slots, WorkerId = inProcessIdentity.WorkerId };
    builder.Services.AddSingleton<IJobSource, InProcessJobSource>();
    builder.Services.AddWorker(workerOptions);
}

var app = builder.Build();
listen.AddTo(app.Urls);
var store = app.Services.GetRequiredService<IJobStore>();
if (store is JobStateMachine { Storage: SqliteJobStore })
{
    Log.StoreOpened(app.Services.GetRequiredService<ILogger<JobService>>(), options.DatabasePath, store);
}

// The gauges observe the store from the start, not from the first recorded measurement.
app.Services.GetRequiredService<ServerMetrics>();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapGrpcService<MetaAnalysisApi>().RequireAuthorization(KeyAuthenticationHandler.ClientScheme).Add(RequestParsingMethodProvider<MetaAnalysisApi>.PreferParsedBindings);
app.MapGrpcService<WorkerApi>().RequireAuthorization(KeyAuthenticationHandler.WorkerScheme).Add(RequestParsingMethodProvider<WorkerApi>.PreferParsedBindings);
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
if (options.DashboardUrl.Length > 0)
{
    app.MapDashboard();
}

await app.RunAsync().ConfigureAwait(false);
return 0;
