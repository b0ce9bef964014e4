using System.Security.Claims;
using MetaAnalysis.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace MetaAnalysis.Server.Dashboard;

/// <summary>
/// A dashboard sign-in: the tenant's API key, given once on the sign-in page, becomes an encrypted,
/// HTTP-only, same-site cookie that names the tenant and the digest of the key (never the key). Every request
/// checks that the key is still configured for that tenant, so removing a key ends its sessions at once.
/// </summary>
internal static class DashboardSession
{
    /// <summary>The authentication scheme and authorization policy of the dashboard's pages.</summary>
    public const string Scheme = "dashboard";

    /// <summary>The session cookie.</summary>
    public const string CookieName = "metaanalysis-session";

    /// <summary>The claim holding the digest of the key the session signed in with.</summary>
    private const string KeyDigestClaim = "key-digest";

    /// <summary>Adds the cookie scheme, its policy, anti-forgery tokens and the keys that protect both.</summary>
    public static void AddDashboardSession(this IServiceCollection services, AuthenticationBuilder authentication, ServiceOptions options)
    {
        var protection = services.AddDataProtection().SetApplicationName("metaanalysis-dashboard");
        if (options.DashboardKeysPath.Length > 0)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(options.DashboardKeysPath));
        }
        else
        {
            protection.UseEphemeralDataProtectionProvider();
        }

        var secure = options.DashboardSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = options.DashboardSessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = DashboardPaths.SignIn;
            cookie.AccessDeniedPath = DashboardPaths.SignIn;
            cookie.ReturnUrlParameter = "return";
            cookie.Events.OnValidatePrincipal = ValidateAsync;
            cookie.Events.OnRedirectToLogin = context =>
            {
                // A page is sent to the sign-in form; a script's request (the event stream) gets 401.
                if (DashboardPaths.IsPage(context.Request))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Scheme, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(KeyAuthenticationHandler.TenantClaim));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "metaanalysis-antiforgery";

            // The token cookie guards forms, not the session; "always secure" would make antiforgery refuse
            // every plain-HTTP request, loopback included, where browsers do keep the session's secure cookie.
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.FormFieldName = DashboardPaths.AntiforgeryField;
            antiforgery.SuppressXFrameOptionsHeader = true;
        });
    }

    /// <summary>The principal of a session signed in with a key of <paramref name="tenant"/>.</summary>
    public static ClaimsPrincipal Principal(string tenant, string apiKey) => new(new ClaimsIdentity(
        [new Claim(KeyAuthenticationHandler.TenantClaim, tenant), new Claim(KeyDigestClaim, Credentials.DigestOf(apiKey))],
        Scheme));

    /// <summary>The tenant of the signed-in session.</summary>
    public static string TenantOf(HttpContext context) =>
        context.User.FindFirst(KeyAuthenticationHandler.TenantClaim)?.Value
        ?? throw new InvalidOperationException("the dashboard policy lets only signed-in sessions through");

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var credentials = context.HttpContext.RequestServices.GetRequiredService<Credentials>();
        var tenant = context.Principal?.FindFirst(KeyAuthenticationHandler.TenantClaim)?.Value;
        var digest = context.Principal?.FindFirst(KeyDigestClaim)?.Value;
        if (tenant is null || credentials.TenantOfDigest(digest) != tenant)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme).ConfigureAwait(false);
        }
    }
}
