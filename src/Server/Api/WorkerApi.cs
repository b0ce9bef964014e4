using Grpc.Core;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Jobs;

namespace MetaAnalysis.Server.Api;

/// <summary>The worker API: lease (long poll), heartbeat, complete, fail — each fenced by the attempt number.</summary>
public sealed class WorkerApi : WorkerService.WorkerServiceBase
{
    private readonly JobService jobs;
    private readonly IHostApplicationLifetime lifetime;

    /// <summary>Creates the API over <paramref name="jobs"/>.</summary>
    public WorkerApi(JobService jobs, IHostApplicationLifetime lifetime)
    {
        this.jobs = jobs;
        this.lifetime = lifetime;
    }

    /// <inheritdoc />
    public override async Task<LeaseResponse> Lease(LeaseRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var wait = double.IsFinite(request.WaitSeconds) && request.WaitSeconds > 0 ? TimeSpan.FromSeconds(Math.Min(request.WaitSeconds, 3600)) : TimeSpan.Zero;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            return new LeaseResponse { Job = await jobs.LeaseAsync(request.WorkerId, wait, ending.Token).ConfigureAwait(false) };
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // A long poll ends empty when the server stops; the worker polls again (and reconnects).
            return new LeaseResponse();
        }
    }

    /// <inheritdoc />
    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context) => jobs.HeartbeatAsync(request);

    /// <inheritdoc />
    public override async Task<CompleteResponse> Complete(CompleteRequest request, ServerCallContext context)
    {
        await jobs.CompleteAsync(request).ConfigureAwait(false);
        return new CompleteResponse();
    }

    /// <inheritdoc />
    public override async Task<FailResponse> Fail(FailRequest request, ServerCallContext context)
    {
        await jobs.FailAsync(request).ConfigureAwait(false);
        return new FailResponse();
    }
}
