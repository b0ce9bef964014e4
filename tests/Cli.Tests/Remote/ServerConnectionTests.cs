using MetaAnalysis.ClientSdk;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Remote;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>Where the remote commands connect: options, environment variables, defaults, and a server that is not there.</summary>
public sealed class ServerConnectionTests : IDisposable
{
    private readonly CapturedStreams captured = new();

    [Fact]
    public void Resolve_OptionsGiven_BeatTheEnvironment()
    {
        var connection = ServerConnection.Resolve("http://127.0.0.2:9000", "from-option", Environment("http://127.0.0.1:1", "from-environment"));

        Assert.Equal(new Uri("http://127.0.0.2:9000"), connection.Address);
        Assert.Equal("from-option", connection.ApiKey);
    }

    [Fact]
    public void Resolve_NoOptions_UsesTheEnvironmentVariables()
    {
        var connection = ServerConnection.Resolve(null, null, Environment("https://analysis.example:443", "key-1"));

        Assert.Equal(new Uri("https://analysis.example:443"), connection.Address);
        Assert.Equal("key-1", connection.ApiKey);
    }

    [Fact]
    public void Resolve_NoServerAnywhere_UsesTheLocalDevelopmentServer()
    {
        var connection = ServerConnection.Resolve(null, "key", Environment(null, null));

        Assert.Equal(new Uri(ServerConnection.DefaultAddress), connection.Address);
    }

    [Fact]
    public void Resolve_NoApiKey_IsBadInputNamingTheOptionAndTheVariable()
    {
        var exception = Assert.Throws<InvalidInputException>(() => ServerConnection.Resolve(null, null, Environment(null, " ")));

        Assert.Equal("--api-key", exception.Field);
        Assert.Contains(ServerConnection.ApiKeyVariable, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:5080", null, "--server")]
    [InlineData(null, "ftp://host", ServerConnection.ServerVariable)]
    public void Resolve_NotAnHttpAddress_IsBadInputNamingWhereItCameFrom(string? option, string? variable, string field)
    {
        var exception = Assert.Throws<InvalidInputException>(() => ServerConnection.Resolve(option, "key", Environment(variable, null)));

        Assert.Equal(field, exception.Field);
    }

    [Fact]
    public void ToString_Connection_ShowsTheAddressButNotTheKey()
    {
        var text = new ServerConnection(new Uri("http://127.0.0.1:5080"), "secret-key").ToString();

        Assert.Equal("http://127.0.0.1:5080/", text);
    }

    [Fact]
    public async Task Get_CommandLineWithoutKey_ExitsWithBadInputBeforeConnecting()
    {
        var command = GetCommand.Create(captured.Streams, Environment(null, null));

        var exit = await command.Parse(["job_1"]).InvokeAsync();

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("get: --api-key: is required", captured.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NoServerListening_IsServerUnavailable()
    {
        using var plans = new RemotePlans();
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var connection = new ServerConnection(address, "key", new MetaAnalysisClientOptions { MaxRetries = 0 });

        var exit = await SubmitCommand.RunAsync(new SubmitSettings(plans.Write(RemotePlans.FourModels)), () => connection, captured.Streams);

        Assert.Equal(ExitCodes.ServerUnavailable, exit);
        Assert.Contains($"submit: cannot reach the server at {address}", captured.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_PlanWithABadCell_IsBadInputBeforeConnecting()
    {
        using var plans = new RemotePlans();
        var plan = plans.Write(RemotePlans.FourModels, RemotePlans.Studies.Replace("0.17", "x", StringComparison.Ordinal));
        var connection = new ServerConnection(new Uri($"http://127.0.0.1:{FreePort.Next()}"), "key", new MetaAnalysisClientOptions { MaxRetries = 0 });

        var exit = await SubmitCommand.RunAsync(new SubmitSettings(plan), () => connection, captured.Streams);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("'x' is not a number", captured.Error, StringComparison.Ordinal);
    }

    public void Dispose() => captured.Dispose();

    private static Func<string, string?> Environment(string? server, string? apiKey) => name => name switch
    {
        ServerConnection.ServerVariable => server,
        ServerConnection.ApiKeyVariable => apiKey,
        _ => null,
    };
}
