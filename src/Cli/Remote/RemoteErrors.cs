using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using MetaAnalysis.Cli.Commands;

namespace MetaAnalysis.Cli.Remote;

/// <summary>Turns the server's gRPC statuses into a message for the user and an exit code (<see cref="ExitCodes"/>).</summary>
public static partial class RemoteErrors
{
    /// <summary>The trailer in which the server names the invalid field.</summary>
    public const string FieldTrailer = Contracts.V1.ErrorTrailers.FieldPath;

    /// <summary>The message and exit code of <paramref name="exception"/>.</summary>
    /// <param name="exception">The failed call.</param>
    /// <param name="server">The server's address, for messages about reaching it.</param>
    /// <param name="modelNames">The batch's model names, so that a field under <c>models[i]</c> also names the model; null when not a batch submission.</param>
    public static (string Message, int ExitCode) Describe(RpcException exception, Uri server, IReadOnlyList<string>? modelNames = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var detail = exception.Status.Detail;
        return exception.StatusCode switch
        {
            StatusCode.InvalidArgument => ($"the server rejected the request: {detail}{ModelOf(exception, modelNames)}", ExitCodes.BadInput),
            StatusCode.AlreadyExists => ($"{detail}; the idempotency key was used before for a different request, so give another --idempotency-key", ExitCodes.BadInput),
            StatusCode.NotFound => (detail, ExitCodes.NotFound),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => ($"the server at {server} refused the API key ({detail}); check --api-key or {ServerConnection.ApiKeyVariable}", ExitCodes.ServerUnavailable),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => ($"cannot reach the server at {server} ({detail}); is it running? (--server or {ServerConnection.ServerVariable})", ExitCodes.ServerUnavailable),
            StatusCode.ResourceExhausted => ($"the server cannot take the request now: {detail}", ExitCodes.ServerUnavailable),
            StatusCode.Cancelled => ("cancelled", ExitCodes.Cancelled),
            _ => ($"the server failed ({exception.StatusCode}): {detail}", ExitCodes.ServerUnavailable),
        };
    }

    /// <summary>" (models[3] is 'name')" when the invalid field lies under a batch model.</summary>
    private static string ModelOf(RpcException exception, IReadOnlyList<string>? modelNames)
    {
        var field = exception.Trailers.GetValue(FieldTrailer);
        if (modelNames is null || field is null || BatchModel().Match(field) is not { Success: true } match)
        {
            return string.Empty;
        }

        var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
        return index < modelNames.Count ? $" (models[{index}] is '{modelNames[index]}')" : string.Empty;
    }

    [GeneratedRegex(@"^models\[(?<index>\d+)\]")]
    private static partial Regex BatchModel();
}
