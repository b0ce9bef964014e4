using Grpc.Core;

namespace MetaAnalysis.ClientSdk.Tests.Client;

/// <summary>
/// Stands in for the server: answers each unary call with what <c>unary</c> returns for the method's name and
/// request (or the RpcException it throws), and each server stream with what <c>stream</c> returns. It
/// records the name of every call it receives.
/// </summary>
internal sealed class FakeCallInvoker : CallInvoker
{
    private readonly Func<string, object, object> unary;
    private readonly Func<object, IAsyncStreamReader<Contracts.V1.JobEvent>>? stream;

    public FakeCallInvoker(Func<string, object, object> unary, Func<object, IAsyncStreamReader<Contracts.V1.JobEvent>>? stream = null)
    {
        this.unary = unary;
        this.stream = stream;
    }

    public List<string> Calls { get; } = [];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Calls.Add(method.Name);
        Task<TResponse> response;
        try
        {
            response = Task.FromResult((TResponse)unary(method.Name, request));
        }
        catch (RpcException exception)
        {
            response = Task.FromException<TResponse>(exception);
        }

        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Calls.Add(method.Name);
        var reader = (IAsyncStreamReader<TResponse>)(stream ?? throw new InvalidOperationException($"no stream for {method.Name}"))(request);
        return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("the SDK makes no blocking calls");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("the contract has no client streams");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("the contract has no duplex streams");
}
