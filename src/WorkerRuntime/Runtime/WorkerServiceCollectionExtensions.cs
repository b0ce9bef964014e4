using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>Registers a worker (runner, loop and hosted service) over whatever <see cref="IJobSource"/> is registered.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>Adds a worker with <paramref name="options"/> that fits with every fitter of this build.</summary>
    public static IServiceCollection AddWorker(this IServiceCollection services, WorkerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(FitterCatalog.Default);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddSingleton(provider => new JobRunner(
            provider.GetRequiredService<IJobSource>(),
            provider.GetRequiredService<FitterCatalog>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<JobRunner>(),
            provider.GetRequiredService<WorkerMetrics>()));
        services.AddSingleton(provider => new WorkerLoop(
            provider.GetRequiredService<IJobSource>(),
            provider.GetRequiredService<JobRunner>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<WorkerLoop>()));
        services.AddHostedService<WorkerHostedService>();
        return services;
    }
}
