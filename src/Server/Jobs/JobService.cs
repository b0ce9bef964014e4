using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Server.Storage;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// The service's operations, independent of gRPC: validation at the edge, the queue (submit, lease,
/// reports, cancel, lease expiry), reads and event streams. Both gRPC services and the in-process workers
/// call it; failures are domain exceptions, mapped to status codes in one place (<c>ErrorMapping</c>).
/// </summary>
public sealed class JobService
{
    private const int EventPage = 256;
    private readonly IJobStore store;
    private readonly StoreSignals signals;
    private readonly ServiceOptions options;
    private readonly TimeProvider time;
    private readonly TenantSubmissionGate submissions;

    /// <summary>Creates the service over <paramref name="store"/>.</summary>
    public JobService(IJobStore store, StoreSignals signals, ServiceOptions options, TimeProvider time)
    {
        this.store = store;
        this.signals = signals;
        this.options = options;
        this.time = time;
        submissions = new TenantSubmissionGate(Math.Max(1, options.ConcurrentSubmissionsPerTenant));
    }

    /// <summary>Validates and queues one spec.</summary>
    /// <exception cref="InvalidInputException">The spec is bad; no job was created.</exception>
    public async Task<SubmitResponse> SubmitAsync(string tenant, SubmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var turn = await submissions.EnterAsync(tenant).ConfigureAwait(false);
        AnalysisValidator.Validate(request.Spec, "spec");
        CheckKey(request.IdempotencyKey, "idempotency_key");
        var spec = request.Spec.ToByteArray();
        var outcome = await store.SubmitAsync(new NewJob(tenant, KeyOrNull(request.IdempotencyKey), SHA256.HashData(spec), spec), Limits).ConfigureAwait(false);
        return new SubmitResponse { JobId = outcome.JobId, Existing = outcome.Existing };
    }

    /// <summary>
    /// Validates and queues a batch: one job per model over the shared data, which is stored once for the
    /// batch (each job's spec is stored without it).
    /// </summary>
    /// <exception cref="InvalidInputException">The batch is bad, or its jobs together exceed <see cref="ServiceOptions.MaxExpandedRequestBytes"/>; no job was created.</exception>
    public async Task<SubmitBatchResponse> SubmitBatchAsync(string tenant, SubmitBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var turn = await submissions.EnterAsync(tenant).ConfigureAwait(false);
        CheckKey(request.IdempotencyKey, "idempotency_key");
        CheckExpansion(request);
        BatchValidator.Check(request);
        var jobs = request.Models.Select(model => new NewBatchJob(model.Name, AnalysisValidator.SpecOf(model, data: null).ToByteArray())).ToList();
        var hashed = request.Clone();
        hashed.IdempotencyKey = string.Empty;
        var batch = new NewBatch(tenant, KeyOrNull(request.IdempotencyKey), SHA256.HashData(hashed.ToByteArray()), jobs, request.Title, request.Data is null ? null : BatchData.Encode(request.Data));
        var outcome = await store.SubmitBatchAsync(batch, Limits).ConfigureAwait(false);
        var response = new SubmitBatchResponse { BatchId = outcome.BatchId, Existing = outcome.Existing };
        response.JobIds.AddRange(outcome.JobIds);
        return response;
    }

    /// <summary>The tenant's job.</summary>
    /// <exception cref="JobNotFoundException">No such job for this tenant.</exception>
    public async Task<Job> GetJobAsync(string tenant, GetJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = await store.GetJobAsync(tenant, RequestIds.Check(request.JobId, "job_id"), request.IncludeSpec, cancellationToken).ConfigureAwait(false)
            ?? throw new JobNotFoundException("job", request.JobId);
        return ToMessage(job);
    }

    /// <summary>The tenant's batch, with the comparison table once every job has ended.</summary>
    public async Task<Batch> GetBatchAsync(string tenant, GetBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batch = await store.GetBatchAsync(tenant, RequestIds.Check(request.BatchId, "batch_id"), cancellationToken).ConfigureAwait(false)
            ?? throw new JobNotFoundException("batch", request.BatchId);
        var message = new Batch { BatchId = batch.BatchId, Completed = batch.IsFinished, Title = batch.Title };
        message.Jobs.AddRange(batch.Jobs.Select(ToMessage));
        if (batch.Comparison is not null)
        {
            message.Comparison = ComparisonTable.Parser.ParseFrom(batch.Comparison);
        }

        return message;
    }

    /// <summary>One page of the tenant's jobs, oldest first.</summary>
    public async Task<ListJobsResponse> ListJobsAsync(string tenant, ListJobsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PageSize < 0 || request.PageSize > 1000)
        {
            throw new InvalidInputException("page_size", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 1000, got {request.PageSize}"));
        }

        var size = request.PageSize == 0 ? 100 : request.PageSize;
        var batch = string.IsNullOrEmpty(request.BatchId) ? null : RequestIds.Check(request.BatchId, "batch_id");
        long after = 0;
        if (request.PageToken.Length > 0)
        {
            var token = PageToken.Decode(request.PageToken, request.State, request.BatchId);
            after = (await store.GetJobAsync(tenant, token.LastJobId, includeSpec: false, cancellationToken).ConfigureAwait(false)
                ?? throw PageToken.NotIssued()).RowId;
        }

        var jobs = await store.ListJobsAsync(tenant, request.State, batch, after, size, cancellationToken).ConfigureAwait(false);
        var response = new ListJobsResponse();
        response.Jobs.AddRange(jobs.Select(ToMessage));
        if (jobs.Count == size)
        {
            response.NextPageToken = new PageToken(request.State, request.BatchId, jobs[^1].JobId).Encode();
        }

        return response;
    }

    /// <summary>The tenant's newest batches and single jobs, newest first, with their jobs' states (the dashboard's overview).</summary>
    public Task<IReadOnlyList<WorkSummary>> ListRecentWorkAsync(string tenant, int limit, CancellationToken cancellationToken) =>
        store.ListRecentWorkAsync(tenant, limit, cancellationToken);

    /// <summary>Cancels a job or every open job of a batch.</summary>
    public async Task<CancelResponse> CancelAsync(string tenant, CancelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancelled = request.TargetCase switch
        {
            CancelRequest.TargetOneofCase.JobId => await store.CancelJobAsync(tenant, RequestIds.Check(request.JobId, "job_id")).ConfigureAwait(false),
            CancelRequest.TargetOneofCase.BatchId => await store.CancelBatchAsync(tenant, RequestIds.Check(request.BatchId, "batch_id")).ConfigureAwait(false),
            _ => throw new InvalidInputException("target", "name a job_id or a batch_id"),
        };
        return new CancelResponse { Cancelled = cancelled };
    }

    /// <summary>
    /// Sends the events of a job or batch after the request's sequence number, waiting for new ones, and
    /// returns after the final event (result, failure or cancellation; for a batch, its completion).
    /// </summary>
    public async Task WatchAsync(string tenant, WatchRequest request, Func<JobEvent, Task> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        var (stream, isFinished) = request.TargetCase switch
        {
            WatchRequest.TargetOneofCase.JobId => (StreamKeys.Job(RequestIds.Check(request.JobId, "job_id")), JobFinished(tenant, request.JobId)),
            WatchRequest.TargetOneofCase.BatchId => (StreamKeys.Batch(RequestIds.Check(request.BatchId, "batch_id")), BatchFinished(tenant, request.BatchId)),
            _ => throw new InvalidInputException("target", "name a job_id or a batch_id"),
        };
        if (request.AfterSequence < 0)
        {
            throw new InvalidInputException("after_sequence", "must not be negative");
        }

        using var subscription = signals.Subscribe(stream);
        var after = request.AfterSequence;

        // Checks the tenant (NOT_FOUND for another tenant's job) before anything is read.
        var finished = await isFinished(cancellationToken).ConfigureAwait(false);

        // Catch up from the store: everything committed before the subscription is there.
        while (true)
        {
            var events = await store.ReadEventsAsync(stream, after, EventPage, cancellationToken).ConfigureAwait(false);
            foreach (var item in events)
            {
                await send(item).ConfigureAwait(false);
                after = item.Sequence;
                if (IsFinal(item, stream))
                {
                    return;
                }
            }

            if (events.Count < EventPage)
            {
                break;
            }
        }

        if (finished)
        {
            // The stream had ended before the read, so its final event was read (or lies before after_sequence).
            return;
        }

        // Live: the events committed after the subscription, skipping any the catch-up already sent.
        while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (subscription.Reader.TryRead(out var item))
            {
                if (item.Sequence <= after)
                {
                    continue;
                }

                await send(item).ConfigureAwait(false);
                after = item.Sequence;
                if (IsFinal(item, stream))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for a queued job and leases it to <paramref name="workerId"/>.</summary>
    public async Task<LeasedJob?> LeaseAsync(string workerId, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workerId) || workerId.Length > SpecLimits.MaxTextLength)
        {
            throw new InvalidInputException("worker_id", $"is required (1 to {SpecLimits.MaxTextLength} characters)");
        }

        if (wait <= TimeSpan.Zero || wait > options.LongPollWait)
        {
            wait = options.LongPollWait;
        }

        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var queued = signals.NextQueued;

            // The queued count is updated before waiters are woken, so an idle worker does not queue an
            // empty claim behind every commit.
            var grant = store.QueuedCount > 0 ? await store.TryLeaseAsync(workerId, FirstLease).ConfigureAwait(false) : null;
            if (grant is not null)
            {
                return new LeasedJob { JobId = grant.JobId, Attempt = grant.Attempt, Spec = ModelSpec.Parser.ParseFrom(grant.Spec), LeaseSeconds = FirstLease.TotalSeconds };
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await queued.WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
    }

    private QueueLimits Limits => new(options.MaxQueuedJobs, options.MaxQueuedJobsPerTenant);

    /// <summary>
    /// A new lease lasts until the first heartbeat is due, not a whole lease: if the grant never reached its
    /// worker (the server crashed after the commit), the job is back in the queue within seconds. Workers
    /// heartbeat three times per lease they are told of, so the first heartbeat comes well within it.
    /// </summary>
    private TimeSpan FirstLease => options.FirstHeartbeatDeadline > TimeSpan.Zero && options.FirstHeartbeatDeadline < options.LeaseDuration
        ? options.FirstHeartbeatDeadline
        : options.LeaseDuration;

    /// <summary>Renews the lease of the attempt and records its progress; tells the worker to stop if the job was cancelled.</summary>
    /// <exception cref="StaleAttemptException">The attempt is not current.</exception>
    public async Task<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new List<JobEvent>(3);
        if (request.Progress is not null)
        {
            events.Add(new JobEvent { Progress = request.Progress });
        }

        if (request.PartialSummary is not null)
        {
            events.Add(new JobEvent { PartialSummary = request.PartialSummary });
        }

        if (request.Diagnostics is not null)
        {
            events.Add(new JobEvent { Diagnostics = request.Diagnostics });
        }

        var outcome = await store.HeartbeatAsync(RequestIds.Check(request.JobId, "job_id"), request.Attempt, options.LeaseDuration, events).ConfigureAwait(false);
        return outcome switch
        {
            ReportOutcome.Accepted => new HeartbeatResponse { LeaseSeconds = options.LeaseDuration.TotalSeconds },
            ReportOutcome.Cancelled => new HeartbeatResponse { Cancel = true },
            _ => throw new StaleAttemptException(request.JobId, request.Attempt),
        };
    }

    /// <summary>Records the result of the attempt.</summary>
    /// <exception cref="StaleAttemptException">The attempt is not current; the result was refused.</exception>
    public async Task CompleteAsync(CompleteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = request.Result ?? throw new InvalidInputException("result", "is required");
        if (await store.CompleteAsync(RequestIds.Check(request.JobId, "job_id"), request.Attempt, result).ConfigureAwait(false) != ReportOutcome.Accepted)
        {
            throw new StaleAttemptException(request.JobId, request.Attempt);
        }
    }

    /// <summary>Records the failure of the attempt.</summary>
    /// <exception cref="StaleAttemptException">The attempt is not current; the report was refused.</exception>
    public async Task FailAsync(FailRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var failure = request.Failure ?? throw new InvalidInputException("failure", "is required");
        if (await store.FailAsync(RequestIds.Check(request.JobId, "job_id"), request.Attempt, failure).ConfigureAwait(false) != ReportOutcome.Accepted)
        {
            throw new StaleAttemptException(request.JobId, request.Attempt);
        }
    }

    /// <summary>Requeues (or, past the attempt limit, fails) the jobs whose leases have expired.</summary>
    public Task<int> ReapExpiredLeasesAsync() => store.ReapExpiredLeasesAsync(options.MaxAttempts);

    private static bool IsFinal(JobEvent item, string stream) => stream.StartsWith("b:", StringComparison.Ordinal)
        ? item.KindCase == JobEvent.KindOneofCase.BatchCompleted
        : item.KindCase is JobEvent.KindOneofCase.Result or JobEvent.KindOneofCase.Failed or JobEvent.KindOneofCase.Cancelled;

    private Func<CancellationToken, Task<bool>> JobFinished(string tenant, string jobId) => async cancellationToken =>
    {
        var job = await store.GetJobAsync(tenant, jobId, includeSpec: false, cancellationToken).ConfigureAwait(false)
            ?? throw new JobNotFoundException("job", jobId);
        return job.IsFinished;
    };

    private Func<CancellationToken, Task<bool>> BatchFinished(string tenant, string batchId) => async cancellationToken =>
    {
        var batch = await store.GetBatchAsync(tenant, batchId, cancellationToken).ConfigureAwait(false)
            ?? throw new JobNotFoundException("batch", batchId);
        return batch.IsFinished;
    };

    private static Job ToMessage(StoredJob job)
    {
        var message = new Job
        {
            JobId = job.JobId,
            BatchId = job.BatchId ?? string.Empty,
            Name = job.Name,
            State = job.State,
            Attempt = job.Attempt,
            CreatedAt = Timestamp.FromDateTimeOffset(job.Created),
            UpdatedAt = Timestamp.FromDateTimeOffset(job.Updated),
        };
        if (job.Result is not null)
        {
            message.Result = FitResult.Parser.ParseFrom(job.Result);
        }

        if (job.Failure is not null)
        {
            message.Failure = JobFailure.Parser.ParseFrom(job.Failure);
        }

        if (job.Spec is not null)
        {
            message.Spec = ModelSpec.Parser.ParseFrom(job.Spec);
        }

        return message;
    }

    /// <summary>
    /// A batch becomes one job per model, each handed to its worker with the whole data set: a 1 MB request
    /// of 64 models is 64 MB of specs to hand out and fit. The sum is capped before anything is validated.
    /// </summary>
    private void CheckExpansion(SubmitBatchRequest request)
    {
        var data = (long)(request.Data?.CalculateSize() ?? 0);
        var expanded = request.Models.Sum(model => data + model.CalculateSize());
        if (expanded > options.MaxExpandedRequestBytes)
        {
            throw new InvalidInputException("models", string.Create(CultureInfo.InvariantCulture, $"{request.Models.Count} models over {Megabytes(data)} of data expand to {Megabytes(expanded)} of jobs, above the limit of {Megabytes(options.MaxExpandedRequestBytes)} (MaxExpandedRequestBytes); submit fewer models or less data per batch"));
        }

        static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.#} MB");
    }

    private static void CheckKey(string key, string field)
    {
        if (key.Length > SpecLimits.MaxTextLength)
        {
            throw new InvalidInputException(field, string.Create(CultureInfo.InvariantCulture, $"is {key.Length} characters long; at most {SpecLimits.MaxTextLength} are allowed"));
        }
    }

    private static string? KeyOrNull(string key) => key.Length == 0 ? null : key;
}
