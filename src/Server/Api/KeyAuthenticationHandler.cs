using System.Security.Claims;
using System.Text.Encodings.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MetaAnalysis.Server.Api;

/// <summary>
/// Authenticates a call by its key header, as ASP.NET Core middleware: the authorization middleware runs
/// before the gRPC endpoint reads the request body, so a call without a valid key is answered
/// UNAUTHENTICATED before a byte of its message is parsed (grpc-dotnet interceptors would run only after
/// the whole body had been received and deserialized).
/// </summary>
/// <remarks>
/// Two schemes share this handler: <see cref="ClientScheme"/> reads a tenant's API key and names the tenant
/// in a <see cref="TenantClaim"/> claim; <see cref="WorkerScheme"/> reads a worker credential. Client keys
/// do not work as worker credentials and the other way round (<see cref="Credentials"/> keeps them apart).
/// </remarks>
internal sealed class KeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme (and policy) of client calls.</summary>
    public const string ClientScheme = "api-key";

    /// <summary>The scheme (and policy) of worker calls.</summary>
    public const string WorkerScheme = "worker-key";

    /// <summary>The claim naming the tenant a client call acts for.</summary>
    public const string TenantClaim = "tenant";

    private readonly Credentials credentials;

    public KeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Credentials credentials)
        : base(options, logger, encoder) => this.credentials = credentials;

    private bool IsClientScheme => Scheme.Name == ClientScheme;

    private string Header => IsClientScheme ? Credentials.ApiKeyHeader : Credentials.WorkerKeyHeader;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Claim[]? claims = null;
        if (IsClientScheme)
        {
            if (credentials.TenantOf(key) is { } tenant)
            {
                claims = [new Claim(TenantClaim, tenant)];
            }
        }
        else if (credentials.IsWorker(key))
        {
            claims = [];
        }

        return Task.FromResult(claims is null
            ? AuthenticateResult.Fail("the key is not valid")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name)));
    }

    /// <summary>Answers as gRPC does when a call fails before any message: a trailers-only response.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var credential = IsClientScheme ? "a valid API key" : "a valid worker credential";
        GrpcStatusResponse.Write(Response, StatusCode.Unauthenticated, $"{credential} is required in the '{Header}' header");
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        GrpcStatusResponse.Write(Response, StatusCode.PermissionDenied, "this credential may not make this call");
        return Task.CompletedTask;
    }
}
