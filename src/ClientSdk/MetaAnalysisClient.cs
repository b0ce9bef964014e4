using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MetaAnalysis.ClientSdk.Polling;
using MetaAnalysis.ClientSdk.Results;
using MetaAnalysis.ClientSdk.Streaming;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// The client of the meta-analysis service. Submissions carry an idempotency key (one is made when none is
/// given), so they are retried safely when the server is unreachable; event streams resume after the last
/// sequence number when the connection breaks; a request the server refuses as invalid raises
/// <see cref="SpecRejectedException"/> with the field at fault. Every method takes a cancellation token.
/// </summary>
/// <example>
/// <code>
/// using var client = new MetaAnalysisClient(new Uri("http://127.0.0.1:5080"), apiKey);
/// var data = DataSetBuilder.FromEffectSizes(yi, vi).Build();
/// var job = await client.SubmitAsync(new AnalysisBuilder().RandomEffects().Frequentist(Tau2Method.Reml).Build(data));
/// var result = await job.GetResultAsync();
/// </code>
/// </example>
public sealed class MetaAnalysisClient : IMetaAnalysisClient, IDisposable
{
    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private readonly GrpcChannel? ownedChannel;
    private readonly MetaAnalysisService.MetaAnalysisServiceClient service;
    private readonly Metadata headers;
    private readonly MetaAnalysisClientOptions options;
    private readonly Retrier retrier;
    private readonly EndPoller poller;

    /// <summary>Connects to the server at <paramref name="address"/> with the tenant's <paramref name="apiKey"/>.</summary>
    public MetaAnalysisClient(Uri address, string apiKey, MetaAnalysisClientOptions? options = null)
        : this(GrpcChannel.ForAddress(address ?? throw new ArgumentNullException(nameof(address))), apiKey, options, ownsChannel: true)
    {
    }

    /// <summary>Uses an existing <paramref name="channel"/> (not disposed with the client).</summary>
    public MetaAnalysisClient(GrpcChannel channel, string apiKey, MetaAnalysisClientOptions? options = null)
        : this(channel ?? throw new ArgumentNullException(nameof(channel)), apiKey, options, ownsChannel: false)
    {
    }

    /// <summary>Calls through <paramref name="callInvoker"/> (e.g. a channel with the caller's own interceptors).</summary>
    public MetaAnalysisClient(CallInvoker callInvoker, string apiKey, MetaAnalysisClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(callInvoker);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        service = new MetaAnalysisService.MetaAnalysisServiceClient(callInvoker.Intercept(new ErrorMappingInterceptor()));
        headers = new Metadata { { ApiKeyHeader, apiKey } };
        this.options = options ?? new MetaAnalysisClientOptions();
        retrier = new Retrier(this.options);
        poller = new EndPoller(this.options);
    }

    private MetaAnalysisClient(GrpcChannel channel, string apiKey, MetaAnalysisClientOptions? options, bool ownsChannel)
        : this(channel.CreateCallInvoker(), apiKey, options)
    {
        ownedChannel = ownsChannel ? channel : null;
    }

    /// <inheritdoc />
    /// <exception cref="RpcException">ALREADY_EXISTS for a key reused with another spec, RESOURCE_EXHAUSTED for a full queue.</exception>
    public async Task<JobHandle> SubmitAsync(ModelSpec spec, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (options.ValidateBeforeSending)
        {
            spec.Validate();
        }

        var request = new SubmitRequest { Spec = spec, IdempotencyKey = idempotencyKey ?? NewKey() };
        var response = await retrier.CallAsync(deadline => service.SubmitAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return new JobHandle(this, response.JobId, response.Existing);
    }

    /// <inheritdoc />
    public async Task<BatchHandle> SubmitBatchAsync(SubmitBatchRequest batch, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (options.ValidateBeforeSending)
        {
            batch.Validate();
        }

        var request = batch.Clone();
        request.IdempotencyKey = idempotencyKey ?? (batch.IdempotencyKey.Length > 0 ? batch.IdempotencyKey : NewKey());
        var response = await retrier.CallAsync(deadline => service.SubmitBatchAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return new BatchHandle(this, response.BatchId, response.JobIds.ToArray(), response.Existing);
    }

    /// <summary>A handle on a job submitted earlier.</summary>
    public JobHandle Job(string jobId) => new(this, jobId, existing: true);

    /// <summary>A handle on a batch submitted earlier, with its jobs as the server lists them.</summary>
    public async Task<BatchHandle> BatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var batch = await GetBatchAsync(batchId, cancellationToken).ConfigureAwait(false);
        return new BatchHandle(this, batch.BatchId, batch.Jobs.Select(j => j.JobId).ToArray(), existing: true);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JobEvent> WatchJobAsync(string jobId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return Watch(new WatchRequest { JobId = jobId }, afterSequence, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JobEvent> WatchBatchAsync(string batchId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return Watch(new WatchRequest { BatchId = batchId }, afterSequence, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Job> GetJobAsync(string jobId, bool includeSpec = false, CancellationToken cancellationToken = default)
    {
        var request = new GetJobRequest { JobId = jobId, IncludeSpec = includeSpec };
        return retrier.CallAsync(deadline => service.GetJobAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Batch> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var request = new GetBatchRequest { BatchId = batchId };
        return retrier.CallAsync(deadline => service.GetBatchAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Job> ListJobsAsync(JobState state = JobState.Unspecified, string? batchId = null, int pageSize = 100, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListJobsRequest { State = state, BatchId = batchId ?? string.Empty, PageSize = pageSize };
        while (true)
        {
            var page = await retrier.CallAsync(deadline => service.ListJobsAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
            foreach (var job in page.Jobs)
            {
                yield return job;
            }

            if (page.NextPageToken.Length == 0)
            {
                yield break;
            }

            request = request.Clone();
            request.PageToken = page.NextPageToken;
        }
    }

    /// <inheritdoc />
    public Task<CancelOutcome> CancelJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return CancelAsync(new CancelRequest { JobId = jobId }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CancelOutcome> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return CancelAsync(new CancelRequest { BatchId = batchId }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Asks for the job's state with pauses that grow from <see cref="MetaAnalysisClientOptions.ResultPollInterval"/>
    /// to <see cref="MetaAnalysisClientOptions.MaxResultPollInterval"/>; the poll that finds the job ended
    /// carries its result. No event of the job is read.
    /// </remarks>
    public async Task<AnalysisResult> GetResultAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var job = await poller.UntilAsync(token => GetJobAsync(jobId, cancellationToken: token), Ended, cancellationToken).ConfigureAwait(false);
        return job.State switch
        {
            JobState.Succeeded => new AnalysisResult(job.Result ?? new FitResult()),
            JobState.Failed => throw new JobFailedException(jobId, job.Failure),
            _ => throw new JobCancelledException(jobId),
        };
    }

    /// <inheritdoc />
    public Task<Batch> GetBatchResultAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return poller.UntilAsync(token => GetBatchAsync(batchId, token), batch => batch.Completed, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => ownedChannel?.Dispose();

    private IAsyncEnumerable<JobEvent> Watch(WatchRequest target, long afterSequence, CancellationToken cancellationToken) =>
        ResumableEventStream.ReadAsync(
            (after, token) =>
            {
                var request = target.Clone();
                request.AfterSequence = after;
                return service.Watch(request, headers, deadline: null, token);
            },
            afterSequence,
            retrier,
            options.TimeProvider,
            cancellationToken);

    private static bool Ended(Job job) => job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    private async Task<CancelOutcome> CancelAsync(CancelRequest request, CancellationToken cancellationToken)
    {
        var response = await retrier.CallAsync(deadline => service.CancelAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return new CancelOutcome(response.Cancelled);
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
