using System.Text;

namespace MetaAnalysis.Server.Dashboard;

/// <summary>
/// An HTML response with the headers every dashboard response carries: a content security policy that allows
/// only the server's own scripts and styles (a report: inline styles and embedded images, nothing else), no
/// framing, no sniffing, no caching of a tenant's pages.
/// </summary>
internal sealed class HtmlPage : IResult
{
    /// <summary>The policy of the dashboard's own pages.</summary>
    public const string PagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The policy of a report: self-contained, so it needs nothing from anywhere.</summary>
    public const string ReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private readonly string html;
    private readonly int status;
    private readonly string policy;
    private readonly string? downloadName;

    public HtmlPage(string html, int status = StatusCodes.Status200OK, string policy = PagePolicy, string? downloadName = null)
    {
        this.html = html;
        this.status = status;
        this.policy = policy;
        this.downloadName = downloadName;
    }

    /// <summary>Sets the headers every dashboard response carries.</summary>
    public static void SecureHeaders(HttpResponse response, string policy)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = status;
        SecureHeaders(response, policy);
        response.ContentType = "text/html; charset=utf-8";
        if (downloadName is not null)
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"{downloadName}\"";
        }

        return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
