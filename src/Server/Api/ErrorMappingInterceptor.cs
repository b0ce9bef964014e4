using Grpc.Core;
using MetaAnalysis.Contracts.V1;
using Grpc.Core.Interceptors;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Api;

/// <summary>
/// The one place where failures become gRPC statuses. Known failures get their code and a message meant
/// for the caller; anything else is logged with an error id and the caller gets INTERNAL with only that
/// id, so exception details never leave the server.
/// </summary>
public sealed class ErrorMappingInterceptor : Interceptor
{
    /// <summary>Trailer with the path of the invalid field.</summary>
    public const string FieldTrailer = ErrorTrailers.FieldPath;

    private readonly ILogger<ErrorMappingInterceptor> logger;
    private readonly IHostApplicationLifetime lifetime;

    /// <summary>Creates the interceptor.</summary>
    public ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, IHostApplicationLifetime lifetime)
    {
        this.logger = logger;
        this.lifetime = lifetime;
    }

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Map(exception, context);
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Map(exception, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case InvalidInputException invalid:
                var trailers = new Metadata { { FieldTrailer, invalid.Field } };
                return new RpcException(new Status(StatusCode.InvalidArgument, invalid.Message), trailers);
            case JobNotFoundException:
                return new RpcException(new Status(StatusCode.NotFound, exception.Message));
            case QueueFullException:
                return new RpcException(new Status(StatusCode.ResourceExhausted, exception.Message));
            case IdempotencyConflictException:
                return new RpcException(new Status(StatusCode.AlreadyExists, exception.Message));
            case StaleAttemptException:
                return new RpcException(new Status(StatusCode.FailedPrecondition, exception.Message));
            case StoreUnavailableException or StreamInterruptedException:
                return new RpcException(new Status(StatusCode.Unavailable, exception.Message));
            case OperationCanceledException when lifetime.ApplicationStopping.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; retry, or resume the stream after the last sequence number received"));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled or its deadline passed"));
            default:
                var errorId = Guid.NewGuid().ToString("N")[..12];
                Log.UnhandledError(logger, exception, context.Method, errorId);
                return new RpcException(new Status(StatusCode.Internal, $"internal error (error id {errorId})"));
        }
    }
}
