using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetaAnalysis.Server.Tests.Jobs;

/// <summary>
/// The fencing of worker reports, judged on a job row as a store reads it under its lock, with the store's
/// clock. The stores' shared suite (<see cref="Storage.JobStoreTests"/>) checks the same rules through SQL.
/// </summary>
public sealed class JobStateMachineTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void JudgeReport_CurrentAttemptWithinItsLease_Accepted()
    {
        var job = Running(attempt: 2);
        time.Advance(Lease - TimeSpan.FromMilliseconds(1));

        Assert.Equal(ReportOutcome.Accepted, JobStateMachine.JudgeReport(job with { StoreTime = time.GetUtcNow() }, 2));
    }

    [Fact]
    public void JudgeReport_AtTheInstantTheLeaseExpires_Accepted()
    {
        var job = Running(attempt: 1);
        time.Advance(Lease);

        Assert.Equal(ReportOutcome.Accepted, JobStateMachine.JudgeReport(job with { StoreTime = time.GetUtcNow() }, 1));
    }

    [Fact]
    public void JudgeReport_LeaseExpiredButJobStillRunning_Stale()
    {
        var job = Running(attempt: 1);
        time.Advance(Lease + TimeSpan.FromMilliseconds(1));

        Assert.Equal(ReportOutcome.Stale, JobStateMachine.JudgeReport(job with { StoreTime = time.GetUtcNow() }, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void JudgeReport_AttemptThatIsNotTheCurrentOne_Stale(int attempt)
    {
        Assert.Equal(ReportOutcome.Stale, JobStateMachine.JudgeReport(Running(attempt: 2), attempt));
    }

    [Fact]
    public void JudgeReport_RequeuedJobAwaitingItsNextLease_StaleForTheLastAttempt()
    {
        // A reaped job keeps its attempt number until it is leased again, and holds no lease.
        var requeued = Running(attempt: 1) with { State = JobState.Queued, LeaseExpires = null };

        Assert.Equal(ReportOutcome.Stale, JobStateMachine.JudgeReport(requeued, 1));
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    public void JudgeReport_JobEnded_Stale(JobState state)
    {
        var ended = Running(attempt: 1) with { State = state, LeaseExpires = null };

        Assert.Equal(ReportOutcome.Stale, JobStateMachine.JudgeReport(ended, 1));
    }

    [Fact]
    public void JudgeReport_CancelledDuringTheCurrentAttempt_Cancelled()
    {
        var cancelled = Running(attempt: 1) with { State = JobState.Cancelled, LeaseExpires = null };

        Assert.Equal(ReportOutcome.Cancelled, JobStateMachine.JudgeReport(cancelled, 1));
    }

    [Fact]
    public void JudgeReport_CancelledAfterAnEarlierAttempt_StaleForThatAttempt()
    {
        var cancelled = Running(attempt: 2) with { State = JobState.Cancelled, LeaseExpires = null };

        Assert.Equal(ReportOutcome.Stale, JobStateMachine.JudgeReport(cancelled, 1));
    }

    [Fact]
    public void JudgeReport_NoSuchJob_Stale()
    {
        Assert.Equal(ReportOutcome.Stale, JobStateMachine.JudgeReport(null, 1));
    }

    /// <summary>A job leased now for <see cref="Lease"/>, as read at this instant.</summary>
    private LockedJob Running(int attempt) =>
        new("tenant", JobState.Running, attempt, BatchId: null, LeaseExpires: time.GetUtcNow() + Lease, StoreTime: time.GetUtcNow());
}
