namespace MetaAnalysis.ClientSdk;

/// <summary>
/// The base of the SDK's own exceptions: what the service said about a request or a job, as opposed to a
/// transport failure (which stays an <see cref="Grpc.Core.RpcException"/>).
/// </summary>
public class MetaAnalysisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MetaAnalysisException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MetaAnalysisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public MetaAnalysisException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
