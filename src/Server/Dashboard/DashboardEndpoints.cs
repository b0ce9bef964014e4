using System.Reflection;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Server.Api;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace MetaAnalysis.Server.Dashboard;

/// <summary>
/// The web dashboard's routes: sign in with the tenant's API key, the tenant's batches and jobs with their
/// states, a batch's jobs with live progress and cancel, and a batch's HTML report. Every read goes through
/// <see cref="JobService"/> with the session's tenant, so a tenant sees only its own work: another tenant's
/// batch is "not found", exactly like one that never existed.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The rate-limiting policy of sign-in attempts.</summary>
    public const string SignInLimit = "dashboard-sign-in";

    private const string HtmlResource = "dashboard/";

    private static readonly Dictionary<string, (string Text, string ContentType)> Assets = ReadAssets();

    public static void MapDashboard(this WebApplication app)
    {
        app.MapGet(DashboardPaths.Assets + "/{name}", Asset).AllowAnonymous();
        app.MapGet(DashboardPaths.SignIn, SignInPage).AllowAnonymous();
        app.MapPost(DashboardPaths.SignIn, SignInAsync).AllowAnonymous().RequireRateLimiting(SignInLimit);

        var signedIn = app.MapGroup(string.Empty).RequireAuthorization(DashboardSession.Scheme).AddEndpointFilter(ProblemPages);
        signedIn.MapGet(DashboardPaths.Home, OverviewAsync);
        signedIn.MapPost(DashboardPaths.SignOut, SignOutAsync);
        signedIn.MapGet("/batches/{id}", (HttpContext context, JobService jobs, IAntiforgery antiforgery, string id) => DetailAsync(context, jobs, antiforgery, new WorkTarget(id, IsBatch: true)));
        signedIn.MapGet("/jobs/{id}", (HttpContext context, JobService jobs, IAntiforgery antiforgery, string id) => DetailAsync(context, jobs, antiforgery, new WorkTarget(id, IsBatch: false)));
        signedIn.MapGet("/batches/{id}/report", (HttpContext context, DashboardReports reports, string id) => ReportAsync(context, reports, new WorkTarget(id, IsBatch: true)));
        signedIn.MapGet("/jobs/{id}/report", (HttpContext context, DashboardReports reports, string id) => ReportAsync(context, reports, new WorkTarget(id, IsBatch: false)));
        signedIn.MapPost("/batches/{id}/cancel", (HttpContext context, JobService jobs, IAntiforgery antiforgery, string id) => CancelAsync(context, jobs, antiforgery, new WorkTarget(id, IsBatch: true)));
        signedIn.MapPost("/jobs/{id}/cancel", (HttpContext context, JobService jobs, IAntiforgery antiforgery, string id) => CancelAsync(context, jobs, antiforgery, new WorkTarget(id, IsBatch: false)));
        signedIn.MapGet(DashboardPaths.Events, EventsAsync);
    }

    private static HtmlPage SignInPage(HttpContext context, IAntiforgery antiforgery, string? @return) =>
        new HtmlPage(DashboardPages.SignIn(TokenOf(context, antiforgery), LocalOrHome(@return), rejected: false));

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, Credentials credentials, ILogger<DashboardLog> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Expired(context, antiforgery, tenant: null);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var key = form["api_key"].ToString();
        var returnUrl = LocalOrHome(form["return"].ToString());
        var tenant = credentials.TenantOf(key.Trim());
        if (tenant is null)
        {
            DashboardLog.Rejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return new HtmlPage(DashboardPages.SignIn(TokenOf(context, antiforgery), returnUrl, rejected: true), StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(DashboardSession.Scheme, DashboardSession.Principal(tenant, key.Trim())).ConfigureAwait(false);
        DashboardLog.SignedIn(logger, tenant);
        return Results.Redirect(returnUrl, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Expired(context, antiforgery, DashboardSession.TenantOf(context));
        }

        await context.SignOutAsync(DashboardSession.Scheme).ConfigureAwait(false);
        return Results.Redirect(DashboardPaths.SignIn);
    }

    private static async Task<IResult> OverviewAsync(HttpContext context, JobService jobs, IAntiforgery antiforgery)
    {
        var tenant = DashboardSession.TenantOf(context);
        var work = await jobs.ListRecentWorkAsync(tenant, DashboardPages.RecentWork, context.RequestAborted).ConfigureAwait(false);
        return new HtmlPage(DashboardPages.Overview(tenant, TokenOf(context, antiforgery), work));
    }

    private static async Task<IResult> DetailAsync(HttpContext context, JobService jobs, IAntiforgery antiforgery, WorkTarget target)
    {
        var tenant = DashboardSession.TenantOf(context);
        var token = TokenOf(context, antiforgery);
        if (target.IsBatch)
        {
            var batch = await jobs.GetBatchAsync(tenant, new GetBatchRequest { BatchId = target.Id }, context.RequestAborted).ConfigureAwait(false);
            var title = batch.Title.Length > 0 ? batch.Title : "batch " + batch.BatchId;
            return new HtmlPage(DashboardPages.Detail(tenant, token, target, title, batch.Jobs, batch.Completed));
        }

        var job = await jobs.GetJobAsync(tenant, new GetJobRequest { JobId = target.Id }, context.RequestAborted).ConfigureAwait(false);
        var ended = job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
        return new HtmlPage(DashboardPages.Detail(tenant, token, target, job.Name.Length > 0 ? job.Name : "job " + job.JobId, [job], ended));
    }

    private static async Task<IResult> ReportAsync(HttpContext context, DashboardReports reports, WorkTarget target)
    {
        var html = await reports.RenderAsync(DashboardSession.TenantOf(context), target, context.RequestAborted).ConfigureAwait(false);
        var download = context.Request.Query.ContainsKey("download") ? FileNameOf(target.Id) + "-report.html" : null;
        return new HtmlPage(html, policy: HtmlPage.ReportPolicy, downloadName: download);
    }

    private static async Task<IResult> CancelAsync(HttpContext context, JobService jobs, IAntiforgery antiforgery, WorkTarget target)
    {
        var tenant = DashboardSession.TenantOf(context);
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Expired(context, antiforgery, tenant);
        }

        var request = target.IsBatch ? new CancelRequest { BatchId = target.Id } : new CancelRequest { JobId = target.Id };
        await jobs.CancelAsync(tenant, request).ConfigureAwait(false);

        // Back to the page the button was on: the batch's, for one of its jobs.
        var back = context.Request.Headers.Referer.ToString() is { Length: > 0 } referer && Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Authority == context.Request.Host.Value
            ? uri.PathAndQuery
            : target.IsBatch ? DashboardPaths.Batch(target.Id) : DashboardPaths.Job(target.Id);
        return Results.Redirect(LocalOrHome(back));
    }

    private static async Task EventsAsync(HttpContext context, JobService jobs, IHostApplicationLifetime lifetime, ILogger<DashboardLog> logger)
    {
        var targets = DashboardEventStream.Targets(context.Request.Query["watch"]);
        if (targets is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("watch: give at most 50 targets, each b:BATCH_ID or j:JOB_ID", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        HtmlPage.SecureHeaders(context.Response, HtmlPage.PagePolicy);
        await DashboardEventStream.WriteAsync(context, jobs, DashboardSession.TenantOf(context), targets, logger, lifetime.ApplicationStopping).ConfigureAwait(false);
    }

    private static IResult Asset(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Text(asset.Text, asset.ContentType);
    }

    /// <summary>The embedded script and style sheet, read once: they never change while the server runs.</summary>
    private static Dictionary<string, (string Text, string ContentType)> ReadAssets()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var assets = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (name, contentType) in new[] { ("dashboard.js", "text/javascript; charset=utf-8"), ("dashboard.css", "text/css; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream(HtmlResource + name) ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded");
            using var reader = new StreamReader(stream);
            assets[name] = (reader.ReadToEnd(), contentType);
        }

        return assets;
    }

    /// <summary>Turns failures into pages that say what happened without echoing the request; anything unexpected is logged with an id.</summary>
    private static async ValueTask<object?> ProblemPages(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is JobNotFoundException or InvalidInputException)
        {
            return Problem(context, StatusCodes.Status404NotFound, "Not found", "No batch or job with this id belongs to your lab.");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (StoreUnavailableException)
        {
            return Problem(context, StatusCodes.Status503ServiceUnavailable, "Try again shortly", "The job store is not answering; reload the page in a moment.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var errorId = Guid.NewGuid().ToString("N")[..12];
            Log.UnhandledError(context.RequestServices.GetRequiredService<ILogger<DashboardLog>>(), exception, context.Request.Path.Value ?? string.Empty, errorId);
            return Problem(context, StatusCodes.Status500InternalServerError, "Something went wrong", $"The server could not show this page (error id {errorId}).");
        }
    }

    private static HtmlPage Problem(HttpContext context, int status, string title, string message) =>
        new(DashboardPages.Problem(DashboardSession.TenantOf(context), TokenOf(context, context.RequestServices.GetRequiredService<IAntiforgery>()), title, message), status);

    private static HtmlPage Expired(HttpContext context, IAntiforgery antiforgery, string? tenant) => new(
        DashboardPages.Problem(tenant, TokenOf(context, antiforgery), "The form has expired", "Go back, reload the page and try again."),
        StatusCodes.Status400BadRequest);

    private static string TokenOf(HttpContext context, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(context).RequestToken ?? string.Empty;

    /// <summary>A return address only within this site (never another host), else the overview.</summary>
    private static string LocalOrHome(string? url) =>
        url is { Length: > 0 and <= 200 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : DashboardPaths.Home;

    private static string FileNameOf(string id) => new(id.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(64).ToArray());
}
