using Microsoft.Extensions.Hosting;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>Runs a <see cref="WorkerLoop"/> for the lifetime of the host.</summary>
public sealed class WorkerHostedService : BackgroundService
{
    private readonly WorkerLoop loop;

    /// <summary>Wraps <paramref name="loop"/>.</summary>
    public WorkerHostedService(WorkerLoop loop) => this.loop = loop;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loop.RunAsync(stoppingToken);
}
