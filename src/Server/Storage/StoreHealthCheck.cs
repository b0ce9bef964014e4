using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// Readiness of the job store: a PostgreSQL store must answer within a few seconds; the embedded SQLite
/// file is part of the process and ready whenever the process is.
/// </summary>
public sealed class StoreHealthCheck : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly IJobStore store;

    /// <summary>Creates the check of <paramref name="store"/>.</summary>
    public StoreHealthCheck(IJobStore store) => this.store = store;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is not JobStateMachine { Storage: PostgresJobStore postgres })
        {
            return HealthCheckResult.Healthy();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await postgres.PingAsync(timeout.Token).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("PostgreSQL does not answer");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL did not answer within " + Timeout.TotalSeconds + " s");
        }
    }
}
