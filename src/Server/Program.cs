var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks();
builder.Services.AddGrpcReflection();

var app = builder.Build();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
await app.RunAsync().ConfigureAwait(false);
