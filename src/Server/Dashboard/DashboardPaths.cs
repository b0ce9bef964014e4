namespace MetaAnalysis.Server.Dashboard;

/// <summary>The dashboard's addresses.</summary>
internal static class DashboardPaths
{
    /// <summary>The overview of the tenant's work.</summary>
    public static string Home => "/";
    public const string SignIn = "/sign-in";
    public const string SignOut = "/sign-out";
    public const string Events = "/events";
    public const string Assets = "/assets";

    /// <summary>The form field of the anti-forgery token on every form.</summary>
    public const string AntiforgeryField = "__token";

    public static string Batch(string batchId) => "/batches/" + Uri.EscapeDataString(batchId);

    public static string Job(string jobId) => "/jobs/" + Uri.EscapeDataString(jobId);

    /// <summary>The report of a batch or of a job submitted on its own.</summary>
    public static string Report(WorkTarget target) => (target.IsBatch ? Batch(target.Id) : Job(target.Id)) + "/report";

    public static string Cancel(WorkTarget target) => (target.IsBatch ? Batch(target.Id) : Job(target.Id)) + "/cancel";

    /// <summary>Whether a browser asked for this as a page (rather than a script asking for data).</summary>
    public static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments(Events, StringComparison.Ordinal);
}

/// <summary>A batch, or a job submitted on its own: what a dashboard page shows.</summary>
internal readonly record struct WorkTarget(string Id, bool IsBatch);
