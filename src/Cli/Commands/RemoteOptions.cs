using System.CommandLine;
using MetaAnalysis.Cli.Remote;

namespace MetaAnalysis.Cli.Commands;

/// <summary>The options every remote command shares: --server, --api-key, --json.</summary>
public sealed class RemoteOptions
{
    /// <summary>The server's address.</summary>
    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The server's address (default: ${ServerConnection.ServerVariable}, else {ServerConnection.DefaultAddress})",
    };

    /// <summary>The tenant's API key.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key") { Description = $"The tenant's API key (default: ${ServerConnection.ApiKeyVariable})" };

    /// <summary>JSON instead of tables.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Write JSON to standard output for scripts (streams: one object per line) instead of tables" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
    }

    /// <summary>The connection of a parsed command line, with <paramref name="environment"/> for what the options leave out.</summary>
    public ServerConnection Connection(ParseResult parse, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return ServerConnection.Resolve(parse.GetValue(Server), parse.GetValue(ApiKey), environment);
    }
}
