using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Remote;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>The exit code of remote jobs' states, and how ids name jobs and batches.</summary>
public sealed class JobOutcomeTests
{
    [Theory]
    [InlineData(new[] { JobState.Succeeded, JobState.Succeeded }, ExitCodes.Success)]
    [InlineData(new[] { JobState.Succeeded, JobState.Running, JobState.Queued }, ExitCodes.Success)]
    [InlineData(new[] { JobState.Succeeded, JobState.Failed }, ExitCodes.PartlyFailed)]
    [InlineData(new[] { JobState.Cancelled, JobState.Failed }, ExitCodes.PartlyFailed)]
    [InlineData(new[] { JobState.Succeeded, JobState.Cancelled }, ExitCodes.Cancelled)]
    public void ExitCode_States_FailureBeatsCancellationBeatsSuccess(JobState[] states, int expected) =>
        Assert.Equal(expected, JobOutcome.ExitCode(states));

    [Theory]
    [InlineData("batch_0123", true)]
    [InlineData(" job_0123 ", false)]
    [InlineData("0123", false)]
    public void Parse_Id_TellsBatchesFromJobsByPrefix(string id, bool isBatch)
    {
        var target = RemoteTarget.Parse(id);

        Assert.Equal(id.Trim(), target.Id);
        Assert.Equal(isBatch, target.IsBatch);
    }

    [Fact]
    public void Parse_EmptyId_IsBadInput() => Assert.Equal("ID", Assert.Throws<InvalidInputException>(() => RemoteTarget.Parse(" ")).Field);
}
