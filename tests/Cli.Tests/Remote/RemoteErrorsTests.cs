using Grpc.Core;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Remote;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>The server's gRPC statuses as messages and exit codes.</summary>
public sealed class RemoteErrorsTests
{
    private static readonly Uri Server = new("http://127.0.0.1:5080");

    [Fact]
    public void Describe_InvalidArgumentUnderABatchModel_NamesTheFieldAndTheModel()
    {
        var exception = new RpcException(
            new Status(StatusCode.InvalidArgument, "models[1].priors.tau.half_normal.scale: must be greater than 0, got -1"),
            new Metadata { { RemoteErrors.FieldTrailer, "models[1].priors.tau.half_normal.scale" } });

        var (message, exitCode) = RemoteErrors.Describe(exception, Server, ["re", "Bayes RE"]);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal("the server rejected the request: models[1].priors.tau.half_normal.scale: must be greater than 0, got -1 (models[1] is 'Bayes RE')", message);
    }

    [Fact]
    public void Describe_InvalidArgumentOnTheSharedData_NamesOnlyTheField()
    {
        var exception = new RpcException(new Status(StatusCode.InvalidArgument, "data.clusters: needs at least 2 clusters"), new Metadata { { RemoteErrors.FieldTrailer, "data.clusters" } });

        var (message, _) = RemoteErrors.Describe(exception, Server, ["re"]);

        Assert.EndsWith("data.clusters: needs at least 2 clusters", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCode.NotFound, ExitCodes.NotFound, "job 'job_1' not found")]
    [InlineData(StatusCode.Unauthenticated, ExitCodes.ServerUnavailable, "refused the API key")]
    [InlineData(StatusCode.PermissionDenied, ExitCodes.ServerUnavailable, "refused the API key")]
    [InlineData(StatusCode.Unavailable, ExitCodes.ServerUnavailable, "cannot reach the server at http://127.0.0.1:5080/")]
    [InlineData(StatusCode.DeadlineExceeded, ExitCodes.ServerUnavailable, "cannot reach the server")]
    [InlineData(StatusCode.ResourceExhausted, ExitCodes.ServerUnavailable, "cannot take the request now")]
    [InlineData(StatusCode.AlreadyExists, ExitCodes.BadInput, "another --idempotency-key")]
    [InlineData(StatusCode.Internal, ExitCodes.ServerUnavailable, "the server failed (Internal)")]
    public void Describe_Status_HasItsExitCodeAndSaysWhatToDo(StatusCode status, int expectedExitCode, string expectedText)
    {
        var (message, exitCode) = RemoteErrors.Describe(new RpcException(new Status(status, "job 'job_1' not found")), Server);

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Contains(expectedText, message, StringComparison.Ordinal);
    }
}
