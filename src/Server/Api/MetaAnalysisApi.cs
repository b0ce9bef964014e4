using Grpc.Core;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Jobs;

namespace MetaAnalysis.Server.Api;

/// <summary>The client API: maps each call onto <see cref="JobService"/> for the caller's tenant.</summary>
public sealed class MetaAnalysisApi : MetaAnalysisService.MetaAnalysisServiceBase
{
    private readonly JobService jobs;
    private readonly IHostApplicationLifetime lifetime;

    /// <summary>Creates the API over <paramref name="jobs"/>.</summary>
    public MetaAnalysisApi(JobService jobs, IHostApplicationLifetime lifetime)
    {
        this.jobs = jobs;
        this.lifetime = lifetime;
    }

    /// <inheritdoc />
    public override Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context) =>
        jobs.SubmitAsync(CallerTenant.Of(context), request);

    /// <inheritdoc />
    public override Task<SubmitBatchResponse> SubmitBatch(SubmitBatchRequest request, ServerCallContext context) =>
        jobs.SubmitBatchAsync(CallerTenant.Of(context), request);

    /// <inheritdoc />
    public override async Task Watch(WatchRequest request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);

        // Open streams end when the server stops, so shutdown is not held up by watchers; clients resume.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        await jobs.WatchAsync(CallerTenant.Of(context), request, item => responseStream.WriteAsync(item, ending.Token), ending.Token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return jobs.GetJobAsync(CallerTenant.Of(context), request, context.CancellationToken);
    }

    /// <inheritdoc />
    public override Task<Batch> GetBatch(GetBatchRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return jobs.GetBatchAsync(CallerTenant.Of(context), request, context.CancellationToken);
    }

    /// <inheritdoc />
    public override Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return jobs.ListJobsAsync(CallerTenant.Of(context), request, context.CancellationToken);
    }

    /// <inheritdoc />
    public override Task<CancelResponse> Cancel(CancelRequest request, ServerCallContext context) =>
        jobs.CancelAsync(CallerTenant.Of(context), request);
}
