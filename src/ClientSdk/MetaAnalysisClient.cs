using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.ClientSdk.Streaming;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// The client of the meta-analysis service. Submissions carry an idempotency key (one is made when none is
/// given), so they are retried safely when the server is unreachable; event streams resume after the last
/// sequence number when the connection breaks. Every method takes a cancellation token.
/// </summary>
/// <example>
/// <code>
/// using var client = new MetaAnalysisClient(new Uri("http://127.0.0.1:5080"), apiKey);
/// var data = DataSetBuilder.FromEffectSizes(yi, vi).Build();
/// var job = await client.SubmitAsync(new AnalysisBuilder().RandomEffects().Frequentist("REML").Build(data));
/// var result = await job.GetResultAsync();
/// </code>
/// </example>
public sealed class MetaAnalysisClient : IDisposable
{
    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private readonly GrpcChannel? ownedChannel;
    private readonly MetaAnalysisService.MetaAnalysisServiceClient service;
    private readonly Metadata headers;
    private readonly MetaAnalysisClientOptions options;
    private readonly Retrier retrier;

    /// <summary>Connects to the server at <paramref name="address"/> with the tenant's <paramref name="apiKey"/>.</summary>
    public MetaAnalysisClient(Uri address, string apiKey, MetaAnalysisClientOptions? options = null)
        : this(GrpcChannel.ForAddress(address ?? throw new ArgumentNullException(nameof(address))), apiKey, options, ownsChannel: true)
    {
    }

    /// <summary>Uses an existing <paramref name="channel"/> (not disposed with the client).</summary>
    public MetaAnalysisClient(GrpcChannel channel, string apiKey, MetaAnalysisClientOptions? options = null)
        : this(channel, apiKey, options, ownsChannel: false)
    {
    }

    private MetaAnalysisClient(GrpcChannel channel, string apiKey, MetaAnalysisClientOptions? options, bool ownsChannel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ownedChannel = ownsChannel ? channel : null;
        service = new MetaAnalysisService.MetaAnalysisServiceClient(channel);
        headers = new Metadata { { ApiKeyHeader, apiKey } };
        this.options = options ?? new MetaAnalysisClientOptions();
        retrier = new Retrier(this.options);
    }

    /// <summary>Submits one spec.</summary>
    /// <param name="spec">The spec (see <see cref="AnalysisBuilder"/>).</param>
    /// <param name="idempotencyKey">Makes the submission repeatable: the same key and spec give the same job. A new key is made when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="RpcException">INVALID_ARGUMENT for a bad spec (the message names the field), ALREADY_EXISTS for a key reused with another spec, RESOURCE_EXHAUSTED for a full queue.</exception>
    public async Task<JobHandle> SubmitAsync(ModelSpec spec, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var request = new SubmitRequest { Spec = spec, IdempotencyKey = idempotencyKey ?? NewKey() };
        var response = await retrier.CallAsync(deadline => service.SubmitAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return new JobHandle(this, response.JobId, response.Existing);
    }

    /// <summary>Submits several models over one data set (see <see cref="BatchBuilder"/>).</summary>
    public async Task<BatchHandle> SubmitBatchAsync(SubmitBatchRequest batch, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var request = batch.Clone();
        request.IdempotencyKey = idempotencyKey ?? (batch.IdempotencyKey.Length > 0 ? batch.IdempotencyKey : NewKey());
        var response = await retrier.CallAsync(deadline => service.SubmitBatchAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return new BatchHandle(this, response.BatchId, response.JobIds.ToArray(), response.Existing);
    }

    /// <summary>A handle on a job submitted earlier.</summary>
    public JobHandle Job(string jobId) => new(this, jobId, existing: true);

    /// <summary>The events of a job after <paramref name="afterSequence"/>, until its final event; resumed across broken connections.</summary>
    public IAsyncEnumerable<JobEvent> WatchJobAsync(string jobId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return Watch(new WatchRequest { JobId = jobId }, afterSequence, cancellationToken);
    }

    /// <summary>The events of a batch after <paramref name="afterSequence"/>, until its completion; resumed across broken connections.</summary>
    public IAsyncEnumerable<JobEvent> WatchBatchAsync(string batchId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return Watch(new WatchRequest { BatchId = batchId }, afterSequence, cancellationToken);
    }

    /// <summary>The job, with its result or failure once it has ended.</summary>
    public Task<Job> GetJobAsync(string jobId, bool includeSpec = false, CancellationToken cancellationToken = default)
    {
        var request = new GetJobRequest { JobId = jobId, IncludeSpec = includeSpec };
        return retrier.CallAsync(deadline => service.GetJobAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken);
    }

    /// <summary>The batch, with the comparison table once every job has ended.</summary>
    public Task<Batch> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var request = new GetBatchRequest { BatchId = batchId };
        return retrier.CallAsync(deadline => service.GetBatchAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken);
    }

    /// <summary>The tenant's jobs, oldest first, fetched page by page.</summary>
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

    /// <summary>Cancels a job; returns 1 when it was open, 0 when it had already ended.</summary>
    public async Task<int> CancelJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var request = new CancelRequest { JobId = jobId };
        var response = await retrier.CallAsync(deadline => service.CancelAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return response.Cancelled;
    }

    /// <summary>Cancels every open job of a batch; returns how many.</summary>
    public async Task<int> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var request = new CancelRequest { BatchId = batchId };
        var response = await retrier.CallAsync(deadline => service.CancelAsync(request, headers, deadline, cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return response.Cancelled;
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

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
