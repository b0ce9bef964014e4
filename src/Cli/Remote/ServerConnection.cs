using MetaAnalysis.ClientSdk;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Remote;

/// <summary>Where the server is and the tenant's API key: from the command line, else from the environment.</summary>
/// <param name="Address">The server's address (http:// for cleartext HTTP/2).</param>
/// <param name="ApiKey">The tenant's API key.</param>
/// <param name="ClientOptions">Retries and deadlines of the client; null for the SDK's defaults, without its offline validation (the command line has already checked a plan with the same validator, naming the plan's fields).</param>
public sealed record ServerConnection(Uri Address, string ApiKey, MetaAnalysisClientOptions? ClientOptions = null)
{
    /// <summary>The environment variable with the server's address.</summary>
    public const string ServerVariable = "METAANALYSIS_SERVER";

    /// <summary>The environment variable with the API key.</summary>
    public const string ApiKeyVariable = "METAANALYSIS_API_KEY";

    /// <summary>The address when neither <c>--server</c> nor <see cref="ServerVariable"/> is given: a server started with <c>dotnet run --project src/Server</c>.</summary>
    public const string DefaultAddress = "http://127.0.0.1:5080";

    /// <summary>The connection from the options <paramref name="server"/> and <paramref name="apiKey"/>, each falling back to its environment variable.</summary>
    /// <exception cref="InvalidInputException">The address is not an http(s) URL, or there is no API key.</exception>
    public static ServerConnection Resolve(string? server, string? apiKey, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (address, field) = server is not null ? (server, "--server") : environment(ServerVariable) is { Length: > 0 } fromEnvironment ? (fromEnvironment, ServerVariable) : (DefaultAddress, "--server");
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidInputException(field, $"'{address}' is not a server address such as {DefaultAddress}");
        }

        var key = apiKey ?? environment(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidInputException("--api-key", $"is required (or set {ApiKeyVariable})");
        }

        return new ServerConnection(uri, key);
    }

    /// <summary>The address only: the key must not end up in logs or messages.</summary>
    public override string ToString() => Address.ToString();

    /// <summary>A client of the server.</summary>
    public MetaAnalysisClient Connect() => new(Address, ApiKey, ClientOptions ?? new MetaAnalysisClientOptions { ValidateBeforeSending = false });
}
