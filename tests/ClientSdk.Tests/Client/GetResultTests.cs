using MetaAnalysis.Contracts.V1;
using Microsoft.Extensions.Time.Testing;

namespace MetaAnalysis.ClientSdk.Tests.Client;

public sealed class GetResultTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task GetResult_RunningThenSucceeded_PollsUntilEndedAndNeverWatches()
    {
        var states = new Queue<Job>([Running(), Running(), Succeeded()]);
        var invoker = new FakeCallInvoker((_, _) => states.Dequeue());
        var client = Client(invoker);

        var result = await Completed(client.Job("job-1").GetResultAsync());

        Assert.Equal("random-effects (REML)", result.Description);
        Assert.Equal(0.2, result.Coefficients["intrcpt"].Estimate);
        Assert.Equal(["GetJob", "GetJob", "GetJob"], invoker.Calls);
    }

    [Fact]
    public async Task GetResult_AlreadyEnded_OneGetJob()
    {
        var invoker = new FakeCallInvoker((_, _) => Succeeded());

        await Client(invoker).GetResultAsync("job-1");

        Assert.Equal(["GetJob"], invoker.Calls);
    }

    [Fact]
    public async Task GetResult_Failed_ThrowsWithTheFailure()
    {
        var failure = new JobFailure { Kind = "invalid_input", Message = "vi must be positive", Field = "data.effect_sizes.vi[3]" };
        var client = Client(new FakeCallInvoker((_, _) => new Job { JobId = "job-1", State = JobState.Failed, Failure = failure }));

        var error = await Assert.ThrowsAsync<JobFailedException>(() => client.GetResultAsync("job-1"));

        Assert.Equal("job-1", error.JobId);
        Assert.Equal(failure, error.Failure);
    }

    [Fact]
    public async Task GetResult_Cancelled_ThrowsJobCancelled()
    {
        var client = Client(new FakeCallInvoker((_, _) => new Job { JobId = "job-1", State = JobState.Cancelled }));

        var error = await Assert.ThrowsAsync<JobCancelledException>(() => client.GetResultAsync("job-1"));

        Assert.Equal("job-1", error.JobId);
    }

    [Fact]
    public async Task GetResult_TokenCancelledWhileRunning_StopsWaiting()
    {
        var invoker = new FakeCallInvoker((_, _) => Running());
        using var cancellation = new CancellationTokenSource();

        var waiting = Client(invoker).GetResultAsync("job-1", cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(["GetJob"], invoker.Calls);
    }

    [Fact]
    public async Task GetBatchResult_NotCompletedThenCompleted_PollsGetBatch()
    {
        var batches = new Queue<Batch>([new Batch { BatchId = "b" }, new Batch { BatchId = "b", Completed = true, Title = "done" }]);
        var invoker = new FakeCallInvoker((_, _) => batches.Dequeue());
        var handle = new BatchHandle(Client(invoker), "b", ["j1"], existing: false);

        var batch = await Completed(handle.GetResultAsync());

        Assert.Equal("done", batch.Title);
        Assert.Equal(["GetBatch", "GetBatch"], invoker.Calls);
    }

    [Fact]
    public async Task Cancel_JobAndBatch_SameOutcomeType()
    {
        var invoker = new FakeCallInvoker((_, request) => new CancelResponse { Cancelled = ((CancelRequest)request).TargetCase == CancelRequest.TargetOneofCase.BatchId ? 3 : 0 });
        var client = Client(invoker);

        var job = await client.Job("j").CancelAsync();
        var batch = await new BatchHandle(client, "b", [], existing: true).CancelAsync();

        Assert.Equal(new CancelOutcome(0), job);
        Assert.False(job.AnyCancelled);
        Assert.Equal(new CancelOutcome(3), batch);
        Assert.True(batch.AnyCancelled);
    }

    private static Job Running() => new() { JobId = "job-1", State = JobState.Running };

    private static Job Succeeded()
    {
        var result = new FitResult { Description = "random-effects (REML)" };
        result.Coefficients.Add(new Coefficient { Name = "intrcpt", Estimate = 0.2 });
        return new Job { JobId = "job-1", State = JobState.Succeeded, Result = result };
    }

    private MetaAnalysisClient Client(FakeCallInvoker invoker) =>
        new(invoker, "key", new MetaAnalysisClientOptions { TimeProvider = time, ResultPollInterval = TimeSpan.FromSeconds(1), MaxResultPollInterval = TimeSpan.FromSeconds(4) });

    /// <summary>
    /// Moves the fake clock on, a poll pause at a time, until <paramref name="task"/> has finished. Between
    /// steps it gives the poller real time to register its next pause (a yield is not enough on a busy
    /// machine, where the clock would run out of steps before the poller waits and the test would hang);
    /// a poller still running after 30 s of real time fails the test instead.
    /// </summary>
    private async Task<T> Completed<T>(Task<T> task)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(task, Task.Delay(10));
        }

        Assert.True(task.IsCompleted, "the poller did not finish within 30 s of real time");
        return await task;
    }
}
