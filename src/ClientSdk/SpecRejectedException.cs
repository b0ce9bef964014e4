using Grpc.Core;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// The server refused a request as invalid (INVALID_ARGUMENT) before creating any job; <see cref="FieldPath"/>
/// names the field at fault (e.g. <c>models[2].priors.tau.half_normal.scale</c>), from the response trailer
/// <see cref="ErrorTrailers.FieldPath"/>.
/// </summary>
public sealed class SpecRejectedException : MetaAnalysisException
{
    /// <summary>Creates the exception from the server's status.</summary>
    public SpecRejectedException(RpcException rpcException)
        : base(Describe(rpcException), rpcException)
    {
        FieldPath = rpcException.Trailers.GetValue(ErrorTrailers.FieldPath);
    }

    /// <summary>Creates the exception.</summary>
    public SpecRejectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SpecRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SpecRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The request field at fault; null when the server did not name one.</summary>
    public string? FieldPath { get; }

    /// <summary>The server's explanation, without the field path.</summary>
    public string Detail => (InnerException as RpcException)?.Status.Detail ?? Message;

    private static string Describe(RpcException rpcException)
    {
        ArgumentNullException.ThrowIfNull(rpcException);
        var field = rpcException.Trailers.GetValue(ErrorTrailers.FieldPath);
        return field is null ? $"request rejected: {rpcException.Status.Detail}" : $"request rejected at {field}: {rpcException.Status.Detail}";
    }
}
