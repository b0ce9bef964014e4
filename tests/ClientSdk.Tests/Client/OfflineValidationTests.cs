using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Client;

public sealed class OfflineValidationTests
{
    private static readonly DataSet Data = DataSetBuilder.FromEffectSizes([0.1, 0.3, 0.2, 0.5], [0.02, 0.03, 0.04, 0.05]).Build();

    [Fact]
    public async Task Submit_InvalidSpec_RefusedBeforeAnyCallNamingTheServersField()
    {
        var invoker = new FakeCallInvoker((_, _) => throw new InvalidOperationException("no call may be made"));
        var client = new MetaAnalysisClient(invoker, "key");
        var spec = new AnalysisBuilder().MetaRegression("unknown").Frequentist().Build(Data);

        var error = await Assert.ThrowsAsync<SpecRejectedException>(() => client.SubmitAsync(spec));

        Assert.Equal("spec.model.meta_regression.moderators[0]", error.FieldPath);
        Assert.Contains("not in the data", error.Detail, StringComparison.Ordinal);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task SubmitBatch_InvalidModel_RefusedNamingTheModel()
    {
        var invoker = new FakeCallInvoker((_, _) => throw new InvalidOperationException("no call may be made"));
        var client = new MetaAnalysisClient(invoker, "key");
        var batch = new BatchBuilder(Data).Add("re", new AnalysisBuilder().RandomEffects().Frequentist()).Add("three", new AnalysisBuilder().ThreeLevel().Frequentist()).Build();

        var error = await Assert.ThrowsAsync<SpecRejectedException>(() => client.SubmitBatchAsync(batch));

        Assert.Equal("data.clusters", error.FieldPath);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public void Validate_ValidBatchWithTheDefaultChecks_Passes()
    {
        var batch = new BatchBuilder(Data).Add("re", new AnalysisBuilder().RandomEffects().Frequentist()).Build();

        batch.Validate();
        Assert.Equal(["re", BatchBuilder.PublicationBiasModelName], batch.Models.Select(m => m.Name));
    }

    [Fact]
    public async Task Submit_ValidationOff_LeavesTheChecksToTheServer()
    {
        var invoker = new FakeCallInvoker((method, _) => method == "Submit" ? new SubmitResponse { JobId = "job_1" } : throw new InvalidOperationException(method));
        var client = new MetaAnalysisClient(invoker, "key", new MetaAnalysisClientOptions { ValidateBeforeSending = false });
        var spec = new AnalysisBuilder().MetaRegression("unknown").Frequentist().Build(Data);

        var job = await client.SubmitAsync(spec);

        Assert.Equal("job_1", job.JobId);
        Assert.Equal(["Submit"], invoker.Calls);
    }
}
