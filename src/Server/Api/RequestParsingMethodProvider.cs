using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Server.Api;

/// <summary>
/// Binds a service's methods a second time, with request marshallers that answer bytes which are not a
/// message of the request's type with INVALID_ARGUMENT ("request: ...") instead of the UNKNOWN that
/// grpc-dotnet gives any exception of the deserializer (it runs before handlers and interceptors, so
/// <see cref="ErrorMappingInterceptor"/> never sees it), and a message whose enum fields hold numbers their
/// enums do not define (<see cref="DefinedEnums"/>) with INVALID_ARGUMENT naming the field. These bindings are preferred over the default
/// ones by <see cref="PreferParsedBindings"/>, an endpoint convention of the mapped service.
/// </summary>
/// <typeparam name="TService">A service class deriving from a generated service base.</typeparam>
internal sealed class RequestParsingMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    /// <summary>Gives this provider's endpoints precedence over the same routes bound by default.</summary>
    public static void PreferParsedBindings(EndpointBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint is RouteEndpointBuilder route && route.Metadata.Contains(ParsedBinding.Instance))
        {
            route.Order = -1;
        }
    }

    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // The generated base carries [BindServiceMethod(typeof(Service), "BindService")]; that static method
        // announces every method of the service to a binder (with no handlers, given no instance).
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException($"{typeof(TService)} does not derive from a generated gRPC service base");
        var method = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(candidate => candidate.Name == bind.BindMethodName && candidate.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(ServiceBinderBase));
        method.Invoke(null, [new Binder(context), null]);
    }

    private static Method<TRequest, TResponse> Parsed<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            TRequest request;
            try
            {
                request = parse(context);
            }
            catch (InvalidProtocolBufferException exception)
            {
                throw InvalidArgument("request", $"request: is not a {typeof(TRequest).Name} message ({exception.Message})");
            }

            try
            {
                // Every enum field of every request holds a value its enum defines, whichever method it is for.
                DefinedEnums.Check((IMessage)request, string.Empty);
            }
            catch (InvalidInputException exception)
            {
                throw InvalidArgument(exception.Field, exception.Message);
            }

            return request;
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    private static RpcException InvalidArgument(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, message), new Metadata { { ErrorMappingInterceptor.FieldTrailer, field } });

    /// <summary>The service's public override of the method, called on the instance grpc-dotnet creates per call.</summary>
    private static TDelegate Invoker<TDelegate>(string name, params Type[] parameters)
        where TDelegate : Delegate
    {
        var handler = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService)} has no method {name}");
        return handler.CreateDelegate<TDelegate>();
    }

    /// <summary>Marks the endpoints bound here.</summary>
    private sealed class ParsedBinding
    {
        public static readonly ParsedBinding Instance = new();
    }

    /// <summary>Receives the generated method descriptions and adds them to the context with parsing marshallers.</summary>
    /// <remarks>Our services have unary and server-streaming methods only; other kinds fail here, at start-up.</remarks>
    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        private static readonly object[] Metadata = [ParsedBinding.Instance, new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(
                Parsed(method),
                Metadata,
                Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(
                Parsed(method),
                Metadata,
                Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));
    }
}
