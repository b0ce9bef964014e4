using System.Globalization;
using Grpc.Core;

namespace MetaAnalysis.Server.Api;

/// <summary>
/// Writes a gRPC status as a trailers-only response (HTTP 200, the status in the headers, no body) from
/// middleware that answers before the gRPC endpoint runs.
/// </summary>
internal static class GrpcStatusResponse
{
    public static void Write(HttpResponse response, StatusCode code, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);

        // grpc-message is percent-encoded; ours are ASCII sentences, so only '%' itself needs it.
        response.Headers["grpc-message"] = message.Replace("%", "%25", StringComparison.Ordinal);
    }
}
