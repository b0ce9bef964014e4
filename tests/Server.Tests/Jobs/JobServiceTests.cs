using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Tests.Storage;

namespace MetaAnalysis.Server.Tests.Jobs;

#pragma warning disable CA1001 // xunit disposes the store through IAsyncLifetime.DisposeAsync
public sealed class JobServiceTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly TestStore test = new();
    private readonly ServiceOptions options = new() { LeaseDuration = TimeSpan.FromSeconds(10), LongPollWait = TimeSpan.FromSeconds(5), MaxQueuedJobs = 100 };
    private JobService service = null!;

    public Task InitializeAsync()
    {
        service = new JobService(test.Store, test.Signals, options, test.Time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await test.DisposeAsync();

    [Fact]
    public async Task Submit_NegativeVariance_InvalidInputNamingTheElementAndNoJob()
    {
        var spec = TestSpecs.EffectSizes(1, 2, 3);
        spec.Data.EffectSizes.Vi[1] = -0.5;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.SubmitAsync("a", new SubmitRequest { Spec = spec }));

        Assert.Equal("spec.data.effect_sizes.vi[1]", error.Field);
        Assert.Empty((await service.ListJobsAsync("a", new ListJobsRequest(), default)).Jobs);
    }

    [Fact]
    public async Task Submit_NoSpec_InvalidInput()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.SubmitAsync("a", new SubmitRequest()));

        Assert.Equal("spec", error.Field);
    }

    [Fact]
    public async Task SubmitBatch_BadModel_FieldPathNamesTheModel()
    {
        var request = new SubmitBatchRequest { Data = TestSpecs.EffectSizes(1, 2, 3).Data };
        request.Models.Add(new NamedModel { Name = "sizes", Model = new Model { EffectSizes = new EffectSizeSpec() } });
        request.Models.Add(new NamedModel { Name = "re", Model = new Model { RandomEffects = new RandomEffectsSpec() } });

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.SubmitBatchAsync("a", request));

        Assert.Equal("models[1].engine", error.Field);
    }

    [Fact]
    public async Task SubmitBatch_DuplicateNames_InvalidInput()
    {
        var request = new SubmitBatchRequest { Data = TestSpecs.EffectSizes(1, 2, 3).Data };
        request.Models.Add(new NamedModel { Name = "m", Model = new Model { EffectSizes = new EffectSizeSpec() } });
        request.Models.Add(new NamedModel { Name = "m", Model = new Model { EffectSizes = new EffectSizeSpec() } });

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.SubmitBatchAsync("a", request));

        Assert.Equal("models[1].name", error.Field);
    }

    [Fact]
    public async Task SubmitBatch_BadData_FieldPathIsTheSharedData()
    {
        var request = new SubmitBatchRequest { Data = TestSpecs.EffectSizes(1, double.PositiveInfinity).Data };
        request.Models.Add(new NamedModel { Name = "m", Model = new Model { EffectSizes = new EffectSizeSpec() } });

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.SubmitBatchAsync("a", request));

        Assert.Equal("data.effect_sizes.yi[1]", error.Field);
    }

    [Fact]
    public async Task SubmitBatch_64ModelsShareALargeDataSet_TheFileGrowsByAboutOneCopyAndEveryLeaseCarriesTheData()
    {
        var request = LargeBatch(models: 64, effects: 100_000);
        var dataBytes = new ModelSpec { Data = request.Data }.CalculateSize();
        var before = await StoredBytesAsync();

        var batch = await service.SubmitBatchAsync("a", request);

        // 64 copies would be over 100 MB; one is 1.6 MB.
        var growth = await StoredBytesAsync() - before;
        Assert.InRange(growth, dataBytes, 3L * dataBytes);
        for (var i = 0; i < request.Models.Count; i++)
        {
            var leased = (await service.LeaseAsync("w", TimeSpan.FromSeconds(1), default))!;
            Assert.Equal(AnalysisValidator.SpecOf(request.Models[batch.JobIds.IndexOf(leased.JobId)], request.Data), leased.Spec);
        }

        var stored = await service.GetJobAsync("a", new GetJobRequest { JobId = batch.JobIds[5], IncludeSpec = true }, default);
        Assert.Equal(AnalysisValidator.SpecOf(request.Models[5], request.Data), stored.Spec);
    }

    [Fact]
    public async Task SubmitBatch_ExpandsBeyondTheLimit_InvalidInputNamingTheLimitAndNoJob()
    {
        options.MaxExpandedRequestBytes = 100_000_000;
        var request = LargeBatch(models: 64, effects: 100_000);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.SubmitBatchAsync("a", request));

        Assert.Equal("models", error.Field);
        Assert.Contains("MaxExpandedRequestBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 MB", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200, error.Message);
        Assert.Empty((await service.ListJobsAsync("a", new ListJobsRequest(), default)).Jobs);
        request.Models.RemoveAt(63);
        request.Models.RemoveAt(62);
        request.Models.RemoveAt(61);
        request.Models.RemoveAt(60);
        Assert.Equal(60, (await service.SubmitBatchAsync("a", request)).JobIds.Count);
    }

    [Fact]
    public async Task Lease_NothingQueued_ReturnsEmptyWhenTheWaitEnds()
    {
        var lease = service.LeaseAsync("w", TimeSpan.FromSeconds(5), default);
        await Task.Delay(50);
        Assert.False(lease.IsCompleted);

        test.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await lease.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Lease_JobSubmittedWhileWaiting_WakesAndLeasesIt()
    {
        var lease = service.LeaseAsync("w", TimeSpan.FromSeconds(5), default);
        await Task.Delay(50);

        var submitted = await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });

        var job = await lease.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(submitted.JobId, job!.JobId);
        Assert.Equal(TestSpecs.EffectSizes(1), job.Spec);
    }

    [Fact]
    public async Task Watch_JobRunsToItsEnd_StreamsEveryEventThenReturns()
    {
        var submitted = await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });
        var seen = new List<JobEvent>();
        var watch = service.WatchAsync("a", new WatchRequest { JobId = submitted.JobId }, e =>
        {
            lock (seen)
            {
                seen.Add(e);
            }

            return Task.CompletedTask;
        }, default);

        var job = await service.LeaseAsync("w", TimeSpan.FromSeconds(1), default);
        await service.HeartbeatAsync(new HeartbeatRequest { JobId = job!.JobId, Attempt = 1, Progress = new JobEvent.Types.Progress { Fraction = 0.5 } });
        await service.CompleteAsync(new CompleteRequest { JobId = job.JobId, Attempt = 1, Result = TestSpecs.Result() });
        await watch.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [JobEvent.KindOneofCase.Queued, JobEvent.KindOneofCase.Started, JobEvent.KindOneofCase.Progress, JobEvent.KindOneofCase.Result],
            seen.Select(e => e.KindCase));
        Assert.Equal(0, test.Signals.WatchedStreams);
    }

    [Fact]
    public async Task Watch_FromTheLastSequenceOfAnEndedJob_ReturnsWithoutEvents()
    {
        var submitted = await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });
        await service.CancelAsync("a", new CancelRequest { JobId = submitted.JobId });
        var all = new List<JobEvent>();
        await service.WatchAsync("a", new WatchRequest { JobId = submitted.JobId }, e =>
        {
            all.Add(e);
            return Task.CompletedTask;
        }, default);

        var resumed = new List<JobEvent>();
        await service.WatchAsync("a", new WatchRequest { JobId = submitted.JobId, AfterSequence = all[^1].Sequence }, e =>
        {
            resumed.Add(e);
            return Task.CompletedTask;
        }, default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobEvent.KindOneofCase.Cancelled, all[^1].KindCase);
        Assert.Empty(resumed);
    }

    [Fact]
    public async Task Watch_OtherTenantsJob_NotFound()
    {
        var submitted = await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });

        await Assert.ThrowsAsync<JobNotFoundException>(() => service.WatchAsync("b", new WatchRequest { JobId = submitted.JobId }, _ => Task.CompletedTask, default));
        await Assert.ThrowsAsync<JobNotFoundException>(() => service.GetJobAsync("b", new GetJobRequest { JobId = submitted.JobId }, default));
        await Assert.ThrowsAsync<JobNotFoundException>(() => service.CancelAsync("b", new CancelRequest { JobId = submitted.JobId }));
    }

    [Fact]
    public async Task Complete_StaleAttempt_Throws()
    {
        await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });
        var job = await service.LeaseAsync("w", TimeSpan.FromSeconds(1), default);

        await Assert.ThrowsAsync<StaleAttemptException>(() => service.CompleteAsync(new CompleteRequest { JobId = job!.JobId, Attempt = 2, Result = TestSpecs.Result() }));
    }

    [Fact]
    public async Task ListJobs_Paged_EveryJobOnceInOrder()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(i) })).JobId);
        }

        var listed = new List<string>();
        var request = new ListJobsRequest { PageSize = 3 };
        while (true)
        {
            var page = await service.ListJobsAsync("a", request, default);
            listed.AddRange(page.Jobs.Select(j => j.JobId));
            if (page.NextPageToken.Length == 0)
            {
                break;
            }

            request.PageToken = page.NextPageToken;
        }

        Assert.Equal(ids, listed);
    }

    [Fact]
    public async Task ListJobs_PageToken_NamesNoRowNumberAndWorksOnlyForItsTenantAndFilters()
    {
        for (var i = 0; i < 3; i++)
        {
            await service.SubmitAsync("other", new SubmitRequest { Spec = TestSpecs.EffectSizes(i) });
        }

        var mine = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            mine.Add((await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(10 + i) })).JobId);
        }

        var token = (await service.ListJobsAsync("a", new ListJobsRequest { PageSize = 2 }, default)).NextPageToken;

        // The store's row numbers (4, 5, 6, 7 here) would tell tenant a that three other jobs came first.
        var decoded = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        Assert.DoesNotContain("5", decoded.Replace(mine[1], string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(mine[2..], (await service.ListJobsAsync("a", new ListJobsRequest { PageSize = 2, PageToken = token }, default)).Jobs.Select(j => j.JobId));
        var otherTenant = await Assert.ThrowsAsync<InvalidInputException>(() => service.ListJobsAsync("other", new ListJobsRequest { PageSize = 2, PageToken = token }, default));
        var otherFilter = await Assert.ThrowsAsync<InvalidInputException>(() => service.ListJobsAsync("a", new ListJobsRequest { PageSize = 2, PageToken = token, State = JobState.Queued }, default));
        Assert.Equal("page_token", otherTenant.Field);
        Assert.Contains("other filters", otherFilter.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("batch")]
    [InlineData("cancel")]
    [InlineData("watch")]
    [InlineData("list")]
    [InlineData("heartbeat")]
    public async Task OverlongId_RefusedWithAShortMessage(string call)
    {
        var id = new string('j', 100_000);
        Task Call() => call switch
        {
            "get" => service.GetJobAsync("a", new GetJobRequest { JobId = id }, default),
            "batch" => service.GetBatchAsync("a", new GetBatchRequest { BatchId = id }, default),
            "cancel" => service.CancelAsync("a", new CancelRequest { BatchId = id }),
            "watch" => service.WatchAsync("a", new WatchRequest { JobId = id }, _ => Task.CompletedTask, default),
            "list" => service.ListJobsAsync("a", new ListJobsRequest { BatchId = id }, default),
            _ => service.HeartbeatAsync(new HeartbeatRequest { JobId = id, Attempt = 1 }),
        };

        var error = await Assert.ThrowsAsync<InvalidInputException>(Call);

        Assert.EndsWith("_id", error.Field, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200, error.Message);
    }

    [Fact]
    public async Task Lease_FirstLeaseLastsUntilTheFirstHeartbeatIsDue_ThenTheWholeLease()
    {
        options.FirstHeartbeatDeadline = TimeSpan.FromSeconds(3);
        await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });

        var job = await service.LeaseAsync("w", TimeSpan.FromSeconds(1), default);
        Assert.Equal(3, job!.LeaseSeconds);
        test.Time.Advance(TimeSpan.FromSeconds(2));
        var renewed = await service.HeartbeatAsync(new HeartbeatRequest { JobId = job.JobId, Attempt = 1 });
        test.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(10, renewed.LeaseSeconds);
        Assert.Equal(0, await service.ReapExpiredLeasesAsync());
        test.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await service.ReapExpiredLeasesAsync());
    }

    [Fact]
    public async Task Lease_GrantThatNeverReachedItsWorker_RequeuedAfterTheFirstDeadline()
    {
        options.FirstHeartbeatDeadline = TimeSpan.FromSeconds(3);
        await service.SubmitAsync("a", new SubmitRequest { Spec = TestSpecs.EffectSizes(1) });
        await service.LeaseAsync("lost", TimeSpan.FromSeconds(1), default);

        test.Time.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(1, await service.ReapExpiredLeasesAsync());
        Assert.Equal(2, (await service.LeaseAsync("w", TimeSpan.FromSeconds(1), default))!.Attempt);
    }

    /// <summary>Random-effects models with the frequentist engine over one data set of <paramref name="effects"/> random effects.</summary>
    private static SubmitBatchRequest LargeBatch(int models, int effects)
    {
        var random = new Random(11);
        var request = new SubmitBatchRequest { Data = new DataSet { EffectSizes = new EffectSizes() }, Title = "large" };
        for (var i = 0; i < effects; i++)
        {
            request.Data.EffectSizes.Yi.Add(random.NextDouble() - 0.5);
            request.Data.EffectSizes.Vi.Add(0.01 + random.NextDouble());
        }

        string[] methods = ["REML", "DL", "PM", "ML"];
        for (var i = 0; i < models; i++)
        {
            request.Models.Add(new NamedModel
            {
                Name = $"model {i}",
                Model = new Model { RandomEffects = new RandomEffectsSpec() },
                Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = methods[i % methods.Length] } },
            });
        }

        return request;
    }

    /// <summary>The store file's size on disk; the service then runs on the reopened store.</summary>
    private async Task<long> StoredBytesAsync()
    {
        var bytes = await test.StoredBytesAsync();
        service = new JobService(test.Store, test.Signals, options, test.Time);
        return bytes;
    }

    [Fact]
    public async Task ListJobs_ForgedPageToken_InvalidInput()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.ListJobsAsync("a", new ListJobsRequest { PageToken = "-1; DROP TABLE jobs" }, default));

        Assert.Equal("page_token", error.Field);
    }
}
