using System.Security.Cryptography;
using Google.Protobuf;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>
/// The behaviour every job store must have, run against each store by its subclass
/// (<see cref="SqliteJobStoreTests"/>, <see cref="PostgresJobStoreTests"/>).
/// </summary>
public abstract class JobStoreTests : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>The store under test.</summary>
    protected abstract IJobStore Store { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Lets <paramref name="time"/> pass for the store's leases.</summary>
    protected abstract Task AdvanceClockAsync(TimeSpan time);

    /// <summary>Closes the store and opens it again, as a restarted server does.</summary>
    protected abstract Task ReopenAsync();

    /// <summary>The bytes the store's data take on disk.</summary>
    protected abstract Task<long> StoredBytesAsync();

    [StoreFact]
    public async Task TryLease_AfterSubmit_HandsOutTheJobAsAttemptOne()
    {
        var submitted = await Submit("a", "key-1", TestSpecs.EffectSizes(1, 2));

        var grant = await Store.TryLeaseAsync("worker", Lease);

        Assert.NotNull(grant);
        Assert.Equal(submitted.JobId, grant.JobId);
        Assert.Equal(1, grant.Attempt);
        Assert.Equal(TestSpecs.EffectSizes(1, 2), ModelSpec.Parser.ParseFrom(grant.Spec));
        Assert.Null(await Store.TryLeaseAsync("worker", Lease));
    }

    [StoreFact]
    public async Task TryLease_SeveralQueued_OldestFirst()
    {
        var first = await Submit("a", null, TestSpecs.EffectSizes(1));
        var second = await Submit("a", null, TestSpecs.EffectSizes(2));

        Assert.Equal(first.JobId, (await Store.TryLeaseAsync("w", Lease))!.JobId);
        Assert.Equal(second.JobId, (await Store.TryLeaseAsync("w", Lease))!.JobId);
    }

    [StoreFact]
    public async Task Submit_SameKeySameSpec_ReturnsTheSameJob()
    {
        var first = await Submit("a", "key", TestSpecs.EffectSizes(1, 2));
        var second = await Submit("a", "key", TestSpecs.EffectSizes(1, 2));

        Assert.False(first.Existing);
        Assert.True(second.Existing);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(1, Store.QueuedCount);
    }

    [StoreFact]
    public async Task Submit_SameKeyDifferentSpec_Throws()
    {
        await Submit("a", "key", TestSpecs.EffectSizes(1, 2));

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Submit("a", "key", TestSpecs.EffectSizes(1, 3)));
    }

    [StoreFact]
    public async Task Submit_SameKeyOtherTenant_IsAnotherJob()
    {
        var first = await Submit("a", "key", TestSpecs.EffectSizes(1));
        var second = await Submit("b", "key", TestSpecs.EffectSizes(1));

        Assert.NotEqual(first.JobId, second.JobId);
        Assert.False(second.Existing);
    }

    [StoreFact]
    public async Task Submit_QueueAtLimit_ThrowsAndCreatesNothing()
    {
        await Submit("a", null, TestSpecs.EffectSizes(1), maxQueued: 2);
        await Submit("a", null, TestSpecs.EffectSizes(2), maxQueued: 2);

        await Assert.ThrowsAsync<QueueFullException>(() => Submit("a", null, TestSpecs.EffectSizes(3), maxQueued: 2));
        Assert.Equal(2, (await Store.ListJobsAsync("a", JobState.Unspecified, null, 0, 10, default)).Count);
    }

    [StoreFact]
    public async Task Submit_OneTenantAtItsOwnLimit_OnlyThatTenantIsRefused()
    {
        for (var i = 0; i < 3; i++)
        {
            await Submit("a", null, TestSpecs.EffectSizes(i), maxQueued: 100, maxQueuedPerTenant: 3);
        }

        var single = await Assert.ThrowsAsync<QueueFullException>(() => Submit("a", null, TestSpecs.EffectSizes(9), maxQueued: 100, maxQueuedPerTenant: 3));
        var batch = await Assert.ThrowsAsync<QueueFullException>(() => Store.SubmitBatchAsync(new NewBatch("a", null, [1], [new NewBatchJob("m", TestSpecs.EffectSizes(9).ToByteArray())]), new QueueLimits(100, 3)));
        var other = await Submit("b", null, TestSpecs.EffectSizes(9), maxQueued: 100, maxQueuedPerTenant: 3);

        Assert.False(other.Existing);
        Assert.All([single, batch], e => Assert.StartsWith("this tenant's queue is full (3 queued jobs, 1 more submitted, limit 3 per tenant", e.Message, StringComparison.Ordinal));
        Assert.Equal(4, Store.QueuedCount);
        await ReopenAsync();
        await Assert.ThrowsAsync<QueueFullException>(() => Submit("a", null, TestSpecs.EffectSizes(9), maxQueued: 100, maxQueuedPerTenant: 3));

        // A lease makes room again (the oldest job, a's, goes first: neither tenant has been served).
        var leased = (await Store.TryLeaseAsync("w", Lease))!;
        Assert.NotNull(await Store.GetJobAsync("a", leased.JobId, false, default));
        await Submit("a", null, TestSpecs.EffectSizes(10), maxQueued: 100, maxQueuedPerTenant: 3);
    }

    [StoreFact]
    public async Task Submit_WholeQueueAtItsLimit_RefusedWithoutTellingOtherTenantsVolume()
    {
        await Submit("a", null, TestSpecs.EffectSizes(1), maxQueued: 2);
        await Submit("a", null, TestSpecs.EffectSizes(2), maxQueued: 2);

        var refused = await Assert.ThrowsAsync<QueueFullException>(() => Submit("b", null, TestSpecs.EffectSizes(3), maxQueued: 2));

        Assert.Equal("the service's queue is full (limit 2 queued jobs, MaxQueuedJobs); retry later", refused.Message);
    }

    [StoreFact]
    public async Task TryLease_OneTenantHoldsManyQueuedJobs_AnotherTenantsLaterJobIsLeasedNext()
    {
        var many = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            many.Add((await Submit("a", null, TestSpecs.EffectSizes(i))).JobId);
        }

        Assert.Equal(many[0], (await Store.TryLeaseAsync("w", Lease))!.JobId);
        Assert.Equal(many[1], (await Store.TryLeaseAsync("w", Lease))!.JobId);
        var later = await Submit("b", null, TestSpecs.EffectSizes(100));

        Assert.Equal(later.JobId, (await Store.TryLeaseAsync("w", Lease))!.JobId);
        Assert.Equal(many[2], (await Store.TryLeaseAsync("w", Lease))!.JobId);
    }

    [StoreFact]
    public async Task TryLease_OneWorkerEndingEveryJobBeforeTheNext_TenantsTakeTurns()
    {
        var a = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            a.Add((await Submit("a", null, TestSpecs.EffectSizes(i))).JobId);
        }

        var first = (await Store.TryLeaseAsync("w", Lease))!;
        await Store.CompleteAsync(first.JobId, first.Attempt, TestSpecs.Result());
        var b = new[] { (await Submit("b", null, TestSpecs.EffectSizes(10))).JobId, (await Submit("b", null, TestSpecs.EffectSizes(11))).JobId };

        var order = new List<string>();
        while (await Store.TryLeaseAsync("w", Lease) is { } grant)
        {
            order.Add(grant.JobId);
            await Store.CompleteAsync(grant.JobId, grant.Attempt, TestSpecs.Result());
        }

        Assert.Equal([a[0], b[0], a[1], b[1], a[2], a[3], a[4]], [first.JobId, .. order]);
    }

    [StoreFact]
    public async Task Submit_ManyConcurrently_EveryAcknowledgedJobIsStored()
    {
        var submissions = Enumerable.Range(0, 300).Select(i => Submit("a", $"key-{i}", TestSpecs.EffectSizes(i))).ToArray();

        var outcomes = await Task.WhenAll(submissions);
        await ReopenAsync();

        var stored = await Store.ListJobsAsync("a", JobState.Queued, null, 0, 1000, default);
        Assert.Equal(outcomes.Select(o => o.JobId).Order(), stored.Select(j => j.JobId).Order());
        Assert.Equal(300, Store.QueuedCount);
    }

    [StoreFact]
    public async Task Complete_CurrentAttempt_StoresResultAndEndsTheStream()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        var grant = (await Store.TryLeaseAsync("w", Lease))!;

        var outcome = await Store.CompleteAsync(job.JobId, grant.Attempt, TestSpecs.Result(-3));

        Assert.Equal(ReportOutcome.Accepted, outcome);
        var stored = (await Store.GetJobAsync("a", job.JobId, false, default))!;
        Assert.Equal(JobState.Succeeded, stored.State);
        Assert.Equal(TestSpecs.Result(-3), FitResult.Parser.ParseFrom(stored.Result));
        var events = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);
        Assert.Equal(
            [JobEvent.KindOneofCase.Queued, JobEvent.KindOneofCase.Started, JobEvent.KindOneofCase.Result],
            events.Select(e => e.KindCase));
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
    }

    [StoreFact]
    public async Task ReadEvents_AfterASequenceNumber_ReturnsOnlyLaterEvents()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        var grant = (await Store.TryLeaseAsync("w", Lease))!;
        await Store.CompleteAsync(job.JobId, grant.Attempt, TestSpecs.Result());
        var all = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);

        var rest = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), all[0].Sequence, 100, default);

        Assert.Equal(all.Skip(1), rest);
    }

    [StoreFact]
    public async Task Heartbeat_WrongAttempt_IsStale()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w", Lease);

        Assert.Equal(ReportOutcome.Stale, await Store.HeartbeatAsync(job.JobId, 2, Lease, []));
        Assert.Equal(ReportOutcome.Stale, await Store.CompleteAsync(job.JobId, 0, TestSpecs.Result()));
    }

    [StoreFact]
    public async Task Heartbeat_RenewsTheLease_SoItOutlivesTheFirstExpiry()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w", Lease);
        await AdvanceClockAsync(TimeSpan.FromSeconds(8));

        Assert.Equal(ReportOutcome.Accepted, await Store.HeartbeatAsync(job.JobId, 1, Lease, [new JobEvent { Progress = new JobEvent.Types.Progress { Fraction = 0.5 } }]));
        await AdvanceClockAsync(TimeSpan.FromSeconds(8));

        Assert.Equal(0, await Store.ReapExpiredLeasesAsync(maxAttempts: 5));
        Assert.Equal(ReportOutcome.Accepted, await Store.CompleteAsync(job.JobId, 1, TestSpecs.Result()));
    }

    [StoreFact]
    public async Task ReapExpiredLeases_LeaseRanOut_RequeuesAndRefusesTheOldAttempt()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w1", Lease);
        await AdvanceClockAsync(Lease + TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await Store.ReapExpiredLeasesAsync(maxAttempts: 5));
        var second = await Store.TryLeaseAsync("w2", Lease);

        Assert.Equal(2, second!.Attempt);
        Assert.Equal(ReportOutcome.Stale, await Store.CompleteAsync(job.JobId, 1, TestSpecs.Result()));
        Assert.Equal(ReportOutcome.Accepted, await Store.CompleteAsync(job.JobId, 2, TestSpecs.Result()));
        var events = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Requeued);
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Result);
    }

    [StoreFact]
    public async Task ExpireLeases_AnEarlierRunsInProcessWorkers_RequeuedAtOnceAndOthersLeftAlone()
    {
        var earlier = await Submit("a", null, TestSpecs.EffectSizes(1));
        var external = await Submit("a", null, TestSpecs.EffectSizes(2));
        var current = await Submit("a", null, TestSpecs.EffectSizes(3));
        var otherReplica = await Submit("a", null, TestSpecs.EffectSizes(4));
        await Store.TryLeaseAsync("in-process@host-1#run1", Lease);
        await Store.TryLeaseAsync("worker-7", Lease);
        await Store.TryLeaseAsync("in-process@host-1#run2", Lease);
        await Store.TryLeaseAsync("in-process@host-10#run1", Lease);

        Assert.Equal(1, await Store.ExpireLeasesAsync("in-process@host-1#", "in-process@host-1#run2"));
        Assert.Equal(1, await Store.ReapExpiredLeasesAsync(maxAttempts: 5));

        Assert.Equal(JobState.Queued, (await Store.GetJobAsync("a", earlier.JobId, false, default))!.State);
        Assert.Equal(ReportOutcome.Stale, await Store.HeartbeatAsync(earlier.JobId, 1, Lease, []));
        foreach (var running in new[] { external, current, otherReplica })
        {
            Assert.Equal(ReportOutcome.Accepted, await Store.HeartbeatAsync(running.JobId, 1, Lease, []));
        }

        Assert.Equal(2, (await Store.TryLeaseAsync("in-process@host-1#run2", Lease))!.Attempt);
    }

    [StoreFact]
    public async Task Complete_LeaseExpiredButNotYetReaped_IsRefused()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w1", Lease);
        await AdvanceClockAsync(Lease + TimeSpan.FromMilliseconds(1));

        Assert.Equal(ReportOutcome.Stale, await Store.CompleteAsync(job.JobId, 1, TestSpecs.Result()));
    }

    [StoreFact]
    public async Task ReapExpiredLeases_AttemptLimitReached_FailsTheJob()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(attempt, (await Store.TryLeaseAsync("w", Lease))!.Attempt);
            await AdvanceClockAsync(Lease + TimeSpan.FromSeconds(1));
            await Store.ReapExpiredLeasesAsync(maxAttempts: 3);
        }

        var stored = (await Store.GetJobAsync("a", job.JobId, false, default))!;
        Assert.Equal(JobState.Failed, stored.State);
        Assert.Equal("worker_lost", JobFailure.Parser.ParseFrom(stored.Failure).Kind);
        Assert.Null(await Store.TryLeaseAsync("w", Lease));
    }

    [StoreFact]
    public async Task CancelJob_Running_HeartbeatAnswersCancelAndResultIsRefused()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w", Lease);

        Assert.Equal(1, await Store.CancelJobAsync("a", job.JobId));

        Assert.Equal(ReportOutcome.Cancelled, await Store.HeartbeatAsync(job.JobId, 1, Lease, []));
        Assert.Equal(ReportOutcome.Stale, await Store.CompleteAsync(job.JobId, 1, TestSpecs.Result()));
        Assert.Equal(0, await Store.CancelJobAsync("a", job.JobId));
    }

    [StoreFact]
    public async Task CancelJob_Queued_IsNeverLeased()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));

        await Store.CancelJobAsync("a", job.JobId);

        Assert.Null(await Store.TryLeaseAsync("w", Lease));
        Assert.Equal(0, Store.QueuedCount);
    }

    [StoreFact]
    public async Task OtherTenant_CannotSeeOrCancelTheJob()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));

        Assert.Null(await Store.GetJobAsync("b", job.JobId, false, default));
        await Assert.ThrowsAsync<JobNotFoundException>(() => Store.CancelJobAsync("b", job.JobId));
        Assert.Empty(await Store.ListJobsAsync("b", JobState.Unspecified, null, 0, 10, default));
    }

    [StoreFact]
    public async Task SubmitBatch_LastJobEnds_ComparisonTableAndBatchCompletedEvent()
    {
        var batch = await Store.SubmitBatchAsync(
            new NewBatch("a", "batch-key", [1, 2, 3], [new NewBatchJob("m1", TestSpecs.EffectSizes(1).ToByteArray()), new NewBatchJob("m2", TestSpecs.EffectSizes(2).ToByteArray())]),
            Limits(100));
        var first = (await Store.TryLeaseAsync("w", Lease))!;
        var second = (await Store.TryLeaseAsync("w", Lease))!;

        await Store.CompleteAsync(first.JobId, 1, TestSpecs.Result(-1));
        Assert.False((await Store.GetBatchAsync("a", batch.BatchId, default))!.IsFinished);
        await Store.FailAsync(second.JobId, 1, new JobFailure { Kind = "engine_error", Message = "x" });

        var stored = (await Store.GetBatchAsync("a", batch.BatchId, default))!;
        Assert.True(stored.IsFinished);
        var table = ComparisonTable.Parser.ParseFrom(stored.Comparison);
        Assert.Equal(["m1", "m2"], table.Rows.Select(r => r.Name));
        Assert.True(table.Rows[1].Missing);
        var events = await Store.ReadEventsAsync(StreamKeys.Batch(batch.BatchId), 0, 100, default);
        Assert.Equal(JobEvent.KindOneofCase.BatchCompleted, events[^1].KindCase);
        Assert.Equal(table, events[^1].BatchCompleted.Comparison);
    }

    [StoreFact]
    public async Task ListRecentWork_BatchesAndSingleJobs_NewestFirstWithStateCountsAndOnlyTheTenants()
    {
        var older = await Store.SubmitBatchAsync(
            new NewBatch("a", null, [1], [new NewBatchJob("m1", TestSpecs.EffectSizes(1).ToByteArray()), new NewBatchJob("m2", TestSpecs.EffectSizes(2).ToByteArray())], "first batch"),
            Limits(100));
        await AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var single = await Submit("a", null, TestSpecs.EffectSizes(3));
        await AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var newer = await Store.SubmitBatchAsync(new NewBatch("a", null, [2], [new NewBatchJob("m1", TestSpecs.EffectSizes(4).ToByteArray())], "second batch"), Limits(100));
        await Submit("b", null, TestSpecs.EffectSizes(5));
        var leased = (await Store.TryLeaseAsync("w", Lease))!;
        Assert.Equal(older.JobIds[0], leased.JobId);
        await Store.CompleteAsync(leased.JobId, 1, TestSpecs.Result(-1));
        await Store.CancelJobAsync("a", single.JobId);

        var work = await Store.ListRecentWorkAsync("a", 10, default);

        Assert.Equal([newer.BatchId, single.JobId, older.BatchId], work.Select(w => w.Id));
        Assert.Equal([true, false, true], work.Select(w => w.IsBatch));
        Assert.Equal(["second batch", string.Empty, "first batch"], work.Select(w => w.Title));
        Assert.Equal(new Dictionary<JobState, int> { [JobState.Succeeded] = 1, [JobState.Queued] = 1 }, work[2].JobStates);
        Assert.Equal(new Dictionary<JobState, int> { [JobState.Cancelled] = 1 }, work[1].JobStates);
        Assert.True(work[1].IsFinished);
        Assert.False(work[2].IsFinished);
        Assert.Equal(2, (await Store.ListRecentWorkAsync("a", 2, default)).Count);
        Assert.Single(await Store.ListRecentWorkAsync("b", 10, default));
        Assert.Empty(await Store.ListRecentWorkAsync("c", 10, default));
    }

    [StoreFact]
    public async Task SubmitBatch_SameKeyAgain_ReturnsTheSameJobs()
    {
        var jobs = new[] { new NewBatchJob("m1", TestSpecs.EffectSizes(1).ToByteArray()) };
        var first = await Store.SubmitBatchAsync(new NewBatch("a", "k", [1], jobs), Limits(100));

        var again = await Store.SubmitBatchAsync(new NewBatch("a", "k", [1], jobs), Limits(100));

        Assert.True(again.Existing);
        Assert.Equal(first.JobIds, again.JobIds);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.SubmitBatchAsync(new NewBatch("a", "k", [2], jobs), Limits(100)));
    }

    [StoreFact]
    public async Task Reopen_RunningJobAndResults_SurviveARestart()
    {
        var done = await Submit("a", null, TestSpecs.EffectSizes(1));
        var running = await Submit("a", null, TestSpecs.EffectSizes(2));
        await Store.TryLeaseAsync("w", Lease);
        await Store.CompleteAsync(done.JobId, 1, TestSpecs.Result(-2));
        await Store.TryLeaseAsync("w", Lease);

        await ReopenAsync();

        Assert.Equal(JobState.Succeeded, (await Store.GetJobAsync("a", done.JobId, false, default))!.State);
        Assert.Equal(JobState.Running, (await Store.GetJobAsync("a", running.JobId, false, default))!.State);
        await AdvanceClockAsync(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Store.ReapExpiredLeasesAsync(5));
        Assert.Equal(running.JobId, (await Store.TryLeaseAsync("w", Lease))!.JobId);
    }

    [StoreFact]
    public async Task CancelJob_RacingComplete_ExactlyOneEndsTheJob()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        var grant = (await Store.TryLeaseAsync("w", Lease))!;

        var cancel = Store.CancelJobAsync("a", job.JobId);
        var complete = Store.CompleteAsync(job.JobId, grant.Attempt, TestSpecs.Result());
        await Task.WhenAll(cancel, complete);

        var stored = (await Store.GetJobAsync("a", job.JobId, false, default))!;
        var events = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);
        if (await cancel == 1)
        {
            Assert.Equal(ReportOutcome.Stale, await complete);
            Assert.Equal(JobState.Cancelled, stored.State);
            Assert.Null(stored.Result);
        }
        else
        {
            Assert.Equal(ReportOutcome.Accepted, await complete);
            Assert.Equal(JobState.Succeeded, stored.State);
        }

        Assert.Single(events, e => e.KindCase is JobEvent.KindOneofCase.Cancelled or JobEvent.KindOneofCase.Result);
    }

    [StoreFact]
    public async Task CancelJob_AfterComplete_ChangesNothing()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w", Lease);
        await Store.CompleteAsync(job.JobId, 1, TestSpecs.Result(-3));

        Assert.Equal(0, await Store.CancelJobAsync("a", job.JobId));

        var stored = (await Store.GetJobAsync("a", job.JobId, false, default))!;
        Assert.Equal(JobState.Succeeded, stored.State);
        Assert.Equal(TestSpecs.Result(-3), FitResult.Parser.ParseFrom(stored.Result));
        var events = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);
        Assert.DoesNotContain(events, e => e.KindCase == JobEvent.KindOneofCase.Cancelled);
    }

    [StoreFact]
    public async Task Fail_LeaseExpiredButNotYetReaped_IsRefusedAndTheJobIsRequeuedLater()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w1", Lease);
        await AdvanceClockAsync(Lease + TimeSpan.FromMilliseconds(1));

        Assert.Equal(ReportOutcome.Stale, await Store.FailAsync(job.JobId, 1, new JobFailure { Kind = "engine_error", Message = "x" }));
        Assert.Equal(ReportOutcome.Stale, await Store.HeartbeatAsync(job.JobId, 1, Lease, []));

        Assert.Equal(1, await Store.ReapExpiredLeasesAsync(maxAttempts: 5));
        Assert.Equal(JobState.Queued, (await Store.GetJobAsync("a", job.JobId, false, default))!.State);
    }

    [StoreFact]
    public async Task Heartbeat_Accepted_AppendsTheWorkersEventsAndLeavesTheCallersMessagesAlone()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w", Lease);
        var progress = new JobEvent { Progress = new JobEvent.Types.Progress { Fraction = 0.25 } };

        Assert.Equal(ReportOutcome.Accepted, await Store.HeartbeatAsync(job.JobId, 1, Lease, [progress]));

        Assert.Equal(new JobEvent { Progress = new JobEvent.Types.Progress { Fraction = 0.25 } }, progress);
        var stored = (await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default))[^1];
        Assert.Equal(0.25, stored.Progress.Fraction);
        Assert.Equal(job.JobId, stored.JobId);
    }

    [StoreFact]
    public async Task Complete_ResultWithDiagnostics_AppendsDiagnosticsThenResult()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        await Store.TryLeaseAsync("w", Lease);
        var result = TestSpecs.Result();
        result.Diagnostics = new FitDiagnostics { MaxRhat = 1.01 };

        await Store.CompleteAsync(job.JobId, 1, result);

        var events = await Store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);
        Assert.Equal(
            [JobEvent.KindOneofCase.Queued, JobEvent.KindOneofCase.Started, JobEvent.KindOneofCase.Diagnostics, JobEvent.KindOneofCase.Result],
            events.Select(e => e.KindCase));
        Assert.Equal(1.01, events[2].Diagnostics.MaxRhat);
    }

    [StoreFact]
    public async Task ReapExpiredLeases_LastJobOfABatchLost_FailsItAndCompletesTheBatch()
    {
        var batch = await Store.SubmitBatchAsync(new NewBatch("a", null, [1], [new NewBatchJob("m1", TestSpecs.EffectSizes(1).ToByteArray())]), Limits(100));
        await Store.TryLeaseAsync("w", Lease);
        await AdvanceClockAsync(Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await Store.ReapExpiredLeasesAsync(maxAttempts: 1));

        var stored = (await Store.GetBatchAsync("a", batch.BatchId, default))!;
        Assert.True(stored.IsFinished);
        Assert.Equal("worker_lost", JobFailure.Parser.ParseFrom(stored.Jobs[0].Failure).Kind);
        var events = await Store.ReadEventsAsync(StreamKeys.Batch(batch.BatchId), 0, 100, default);
        Assert.Equal([JobEvent.KindOneofCase.Failed, JobEvent.KindOneofCase.BatchCompleted], events.TakeLast(2).Select(e => e.KindCase));
        Assert.True(events[^1].BatchCompleted.Comparison.Rows.Single().Missing);
    }

    [StoreFact]
    public async Task CancelBatch_SomeJobsEnded_CancelsTheOpenOnesAndCompletesTheBatchOnce()
    {
        var batch = await Store.SubmitBatchAsync(
            new NewBatch("a", null, [1], [.. new[] { "m1", "m2", "m3" }.Select((name, i) => new NewBatchJob(name, TestSpecs.EffectSizes(i).ToByteArray()))]),
            Limits(100));
        var first = (await Store.TryLeaseAsync("w", Lease))!;
        await Store.CompleteAsync(first.JobId, first.Attempt, TestSpecs.Result(-1));
        await Store.TryLeaseAsync("w", Lease);

        Assert.Equal(2, await Store.CancelBatchAsync("a", batch.BatchId));

        Assert.Equal(0, Store.QueuedCount);
        Assert.Equal(0, await Store.CancelBatchAsync("a", batch.BatchId));
        var events = await Store.ReadEventsAsync(StreamKeys.Batch(batch.BatchId), 0, 100, default);
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.BatchCompleted);
        Assert.Equal(JobEvent.KindOneofCase.BatchCompleted, events[^1].KindCase);
        Assert.Equal([false, true, true], events[^1].BatchCompleted.Comparison.Rows.Select(r => r.Missing));
    }

    [StoreFact]
    public async Task SubmitBatch_MoreJobsThanTheQueueHasRoomFor_ThrowsAndCreatesNothing()
    {
        await Submit("a", null, TestSpecs.EffectSizes(1), maxQueued: 2);
        var jobs = new[] { new NewBatchJob("m1", TestSpecs.EffectSizes(1).ToByteArray()), new NewBatchJob("m2", TestSpecs.EffectSizes(2).ToByteArray()) };

        await Assert.ThrowsAsync<QueueFullException>(() => Store.SubmitBatchAsync(new NewBatch("a", null, [1], jobs), Limits(2)));

        Assert.Single(await Store.ListJobsAsync("a", JobState.Unspecified, null, 0, 10, default));
        Assert.Equal(1, Store.QueuedCount);
    }

    [StoreFact]
    public async Task SubmitBatch_64JobsShareLargeData_StoredOnceAndEveryLeaseAndReadCarriesIt()
    {
        var random = new Random(5);
        var data = new DataSet { EffectSizes = new EffectSizes() };
        data.EffectSizes.Yi.AddRange(Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()));
        data.EffectSizes.Vi.AddRange(Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()));
        var shared = BatchData.Encode(data);
        var models = Enumerable.Range(0, 64).Select(i => new ModelSpec { Model = new Model { RandomEffects = new RandomEffectsSpec() }, Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = $"m{i}" } } }).ToList();
        var before = await StoredBytesAsync();

        var batch = await Store.SubmitBatchAsync(new NewBatch("a", null, [1], [.. models.Select((m, i) => new NewBatchJob($"m{i}", m.ToByteArray()))], SharedData: shared), Limits(100));

        // One copy of the data is 1.6 MB; a copy per job would be over 100 MB.
        Assert.InRange(await StoredBytesAsync() - before, shared.Length, 3L * shared.Length);
        while (await Store.TryLeaseAsync("w", Lease) is { } grant)
        {
            var whole = models[batch.JobIds.ToList().IndexOf(grant.JobId)].Clone();
            whole.Data = data;
            Assert.Equal(whole, ModelSpec.Parser.ParseFrom(grant.Spec));
        }

        var read = (await Store.GetJobAsync("a", batch.JobIds[3], includeSpec: true, default))!;
        Assert.Equal(data, ModelSpec.Parser.ParseFrom(read.Spec).Data);
        Assert.Equal(models[3].Model, ModelSpec.Parser.ParseFrom(read.Spec).Model);
    }

    protected Task<SubmitOutcome> Submit(string tenant, string? key, ModelSpec spec, int maxQueued = 1000, int maxQueuedPerTenant = 1000)
    {
        var bytes = spec.ToByteArray();
        return Store.SubmitAsync(new NewJob(tenant, key, SHA256.HashData(bytes), bytes), new QueueLimits(maxQueued, maxQueuedPerTenant));
    }

    /// <summary>Limits where only the queue's length counts.</summary>
    protected static QueueLimits Limits(int maxQueued) => new(maxQueued, maxQueued);
}
