using Grpc.Core;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// A request is invalid: the server refused it (INVALID_ARGUMENT) before creating any job, or the offline
/// validator (<see cref="OfflineValidation"/>, the server's own) refused it before it was sent; <see cref="FieldPath"/>
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

    /// <summary>Creates the exception for a request refused before it was sent, by the server's own validator.</summary>
    public SpecRejectedException(MetaAnalysis.Core.Validation.InvalidInputException invalid)
        : base((invalid ?? throw new ArgumentNullException(nameof(invalid))).Message, invalid)
    {
        FieldPath = invalid.Field;
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

    /// <summary>The server's (or the offline validator's) explanation.</summary>
    public string Detail => InnerException switch
    {
        RpcException rpc => rpc.Status.Detail,
        MetaAnalysis.Core.Validation.InvalidInputException invalid => invalid.Problem,
        _ => Message,
    };

    private static string Describe(RpcException rpcException)
    {
        ArgumentNullException.ThrowIfNull(rpcException);
        var field = rpcException.Trailers.GetValue(ErrorTrailers.FieldPath);
        return field is null ? $"request rejected: {rpcException.Status.Detail}" : $"request rejected at {field}: {rpcException.Status.Detail}";
    }
}
