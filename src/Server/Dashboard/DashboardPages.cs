using System.Globalization;
using System.Net;
using System.Text;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Dashboard;

/// <summary>
/// The dashboard's pages as HTML: server-rendered, every value encoded, scripts and styles only from the
/// server's own <c>/assets</c> (the pages' content security policy allows nothing else). The script keeps
/// states and progress current from the event stream; without it the pages still work, one reload at a time.
/// </summary>
internal static class DashboardPages
{
    /// <summary>How many of a tenant's batches and jobs the overview lists.</summary>
    public const int RecentWork = 50;

    public static string SignIn(string token, string returnUrl, bool rejected) => Page("Sign in", tenant: null, token, main =>
    {
        main.Append("<section class=\"sign-in\"><h1>Sign in</h1>");
        main.Append("<p>Sign in with your lab's API key: the key the command line and the SDK use. The dashboard keeps it only as long as you are signed in.</p>");
        if (rejected)
        {
            main.Append("<p class=\"problem\" role=\"alert\">That key is not valid. Check it and try again.</p>");
        }

        main.Append("<form method=\"post\" action=\"").Append(DashboardPaths.SignIn).Append("\">");
        Token(main, token);
        main.Append("<input type=\"hidden\" name=\"return\" value=\"").Append(Encode(returnUrl)).Append("\">");
        main.Append("<label for=\"api-key\">API key</label>");
        main.Append("<input id=\"api-key\" name=\"api_key\" type=\"password\" autocomplete=\"current-password\" required autofocus>");
        main.Append("<button type=\"submit\">Sign in</button></form></section>");
    });

    public static string Overview(string tenant, string token, IReadOnlyList<WorkSummary> work) => Page("Batches and jobs", tenant, token, main =>
    {
        main.Append("<h1>Batches and jobs</h1>");
        if (work.Count == 0)
        {
            main.Append("<p class=\"empty\">Nothing submitted yet. Submit a plan with <code>metaanalysis submit PLAN</code> or through the SDK; it appears here as it runs.</p>");
            return;
        }

        main.Append("<p class=\"note\">The newest ").Append(Math.Min(work.Count, RecentWork).ToString(CultureInfo.InvariantCulture))
            .Append(" of your lab's batches and single jobs, newest first. States and progress update as the work runs.</p>");
        var watched = work.Where(w => !w.IsFinished).Select(w => Watch(new WorkTarget(w.Id, w.IsBatch)));
        main.Append("<div class=\"scroll\"><table class=\"work\" data-watch=\"").Append(Encode(string.Join(' ', watched))).Append("\">");
        main.Append("<thead><tr><th>submitted</th><th>batch or job</th><th>state</th><th>jobs</th><th>progress</th></tr></thead><tbody>");
        foreach (var item in work)
        {
            var target = new WorkTarget(item.Id, item.IsBatch);
            var ended = item.JobStates.Where(s => IsEnded(s.Key)).Sum(s => s.Value);
            main.Append("<tr data-work=\"").Append(Encode(Watch(target))).Append("\" data-total=\"").Append(item.Jobs.ToString(CultureInfo.InvariantCulture)).Append("\">");
            main.Append("<td>").Append(Time(item.Created)).Append("</td>");
            main.Append("<td><a href=\"").Append(Encode(item.IsBatch ? DashboardPaths.Batch(item.Id) : DashboardPaths.Job(item.Id))).Append("\">")
                .Append(Encode(item.Title.Length > 0 ? item.Title : item.Id)).Append("</a><div class=\"id\">")
                .Append(item.IsBatch ? "batch " : "job ").Append(Encode(item.Id)).Append("</div></td>");
            var state = WorkState(item.JobStates);
            main.Append("<td class=\"state ").Append(state).Append("\" data-field=\"state\">").Append(state).Append("</td>");
            main.Append("<td data-field=\"counts\">").Append(Encode(Counts(item.JobStates))).Append("</td>");
            main.Append("<td><progress data-field=\"ended\" max=\"").Append(item.Jobs.ToString(CultureInfo.InvariantCulture)).Append("\" value=\"")
                .Append(ended.ToString(CultureInfo.InvariantCulture)).Append("\"></progress></td></tr>");
        }

        main.Append("</tbody></table></div>");
    });

    /// <summary>A batch (or a job submitted on its own) with each job's state and progress, cancel, and its report.</summary>
    public static string Detail(string tenant, string token, WorkTarget target, string title, IReadOnlyList<Job> jobs, bool finished) => Page(title, tenant, token, main =>
    {
        var states = jobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        var state = WorkState(states);
        main.Append("<p class=\"crumbs\"><a href=\"").Append(DashboardPaths.Home).Append("\">Batches and jobs</a></p>");
        main.Append("<h1>").Append(Encode(title)).Append("</h1>");
        main.Append("<p class=\"id\">").Append(target.IsBatch ? "batch " : "job ").Append(Encode(target.Id));
        if (jobs.Count > 0)
        {
            main.Append(" · submitted ").Append(Time(jobs.Min(j => j.CreatedAt.ToDateTimeOffset())));
        }

        main.Append("</p><div class=\"actions\" data-watch=\"").Append(finished ? string.Empty : Encode(Watch(target))).Append("\" data-work=\"")
            .Append(Encode(Watch(target))).Append("\" data-total=\"").Append(jobs.Count.ToString(CultureInfo.InvariantCulture)).Append("\">");
        main.Append("<span class=\"state ").Append(state).Append("\" data-field=\"state\">").Append(state).Append("</span> ");
        main.Append("<span data-field=\"counts\">").Append(Encode(Counts(states))).Append("</span> ");
        main.Append("<a class=\"button\" data-field=\"report\" href=\"").Append(Encode(DashboardPaths.Report(target))).Append("\">")
            .Append(finished ? "Open the report" : "Report so far").Append("</a> ");
        main.Append("<a href=\"").Append(Encode(DashboardPaths.Report(target))).Append("?download=1\">download</a> ");
        if (!finished)
        {
            main.Append("<form method=\"post\" class=\"inline\" data-field=\"cancel\" action=\"").Append(Encode(DashboardPaths.Cancel(target))).Append("\">");
            Token(main, token);
            main.Append("<button type=\"submit\" class=\"danger\">").Append(target.IsBatch ? "Cancel open jobs" : "Cancel").Append("</button></form>");
        }

        main.Append("</div><div class=\"scroll\"><table class=\"jobs\"><thead><tr><th>model</th><th>state</th><th>progress</th><th>attempts</th><th>updated</th><th></th></tr></thead><tbody>");
        foreach (var job in jobs)
        {
            var jobState = StateName(job.State);
            main.Append("<tr data-job=\"").Append(Encode(job.JobId)).Append("\">");
            main.Append("<td>").Append(Encode(job.Name.Length > 0 ? job.Name : job.JobId)).Append("<div class=\"id\">job ").Append(Encode(job.JobId)).Append("</div></td>");
            main.Append("<td class=\"state ").Append(jobState).Append("\" data-field=\"state\">").Append(jobState).Append("</td>");
            main.Append("<td class=\"progress\"><progress data-field=\"fraction\" max=\"1\" value=\"").Append(job.State == JobState.Succeeded ? "1" : "0")
                .Append("\"></progress> <span data-field=\"message\">").Append(Encode(JobNote(job))).Append("</span></td>");
            main.Append("<td data-field=\"attempt\">").Append(job.Attempt.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            main.Append("<td>").Append(Time(job.UpdatedAt.ToDateTimeOffset())).Append("</td><td>");
            if (target.IsBatch && !IsEnded(job.State))
            {
                main.Append("<form method=\"post\" class=\"inline\" data-field=\"cancel\" action=\"").Append(Encode(DashboardPaths.Cancel(new WorkTarget(job.JobId, IsBatch: false))))
                    .Append("\">");
                Token(main, token);
                main.Append("<button type=\"submit\" class=\"danger small\">Cancel</button></form>");
            }

            main.Append("</td></tr>");
        }

        main.Append("</tbody></table></div>");
    });

    /// <summary>A page saying what went wrong, without echoing the request.</summary>
    public static string Problem(string? tenant, string token, string title, string message) => Page(title, tenant, token, main =>
    {
        main.Append("<p class=\"crumbs\"><a href=\"").Append(DashboardPaths.Home).Append("\">Batches and jobs</a></p>");
        main.Append("<h1>").Append(Encode(title)).Append("</h1><p class=\"problem\">").Append(Encode(message)).Append("</p>");
    });

    /// <summary>The lowercase name of a job state, as the pages and the event stream use it.</summary>
    public static string StateName(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => "unknown",
    };

    /// <summary>How a watched target is named in the pages' <c>data-watch</c> and the event stream's query.</summary>
    public static string Watch(WorkTarget target) => (target.IsBatch ? "b:" : "j:") + target.Id;

    private static bool IsEnded(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>One word for a batch's state: queued, running, finished, failed (some job failed) or cancelled.</summary>
    private static string WorkState(IReadOnlyDictionary<JobState, int> states)
    {
        int Count(JobState state) => states.GetValueOrDefault(state);
        if (Count(JobState.Running) > 0 || (Count(JobState.Queued) > 0 && states.Any(s => s.Key != JobState.Queued && s.Value > 0)))
        {
            return "running";
        }

        if (Count(JobState.Queued) > 0)
        {
            return "queued";
        }

        return Count(JobState.Failed) > 0 ? "failed" : Count(JobState.Cancelled) > 0 && Count(JobState.Succeeded) == 0 ? "cancelled" : "finished";
    }

    private static string Counts(IReadOnlyDictionary<JobState, int> states) => string.Join(" · ",
        new[] { JobState.Succeeded, JobState.Running, JobState.Queued, JobState.Failed, JobState.Cancelled }
            .Where(s => states.GetValueOrDefault(s) > 0)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{states[s]} {StateName(s)}")));

    private static string JobNote(Job job) => job.State switch
    {
        JobState.Failed when job.Failure is { } failure => failure.Message.Length > 300 ? failure.Message[..300] + "..." : failure.Message,
        JobState.Succeeded => "done",
        JobState.Cancelled => "cancelled",
        JobState.Queued => "waiting for a worker",
        _ => string.Empty,
    };

    private static string Page(string title, string? tenant, string token, Action<StringBuilder> main)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Encode(title)).Append(" · MetaAnalysis</title>");
        html.Append("<link rel=\"stylesheet\" href=\"").Append(DashboardPaths.Assets).Append("/dashboard.css\">");
        html.Append("<script src=\"").Append(DashboardPaths.Assets).Append("/dashboard.js\" defer></script></head><body>");
        html.Append("<header><a class=\"brand\" href=\"").Append(DashboardPaths.Home).Append("\">MetaAnalysis</a>");
        if (tenant is not null)
        {
            html.Append("<span class=\"tenant\">").Append(Encode(tenant)).Append("</span>");
            html.Append("<form method=\"post\" class=\"inline\" action=\"").Append(DashboardPaths.SignOut).Append("\">");
            Token(html, token);
            html.Append("<button type=\"submit\" class=\"quiet\">Sign out</button></form>");
        }

        html.Append("</header><main>");
        main(html);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void Token(StringBuilder html, string token) =>
        html.Append("<input type=\"hidden\" name=\"").Append(DashboardPaths.AntiforgeryField).Append("\" value=\"").Append(Encode(token)).Append("\">");

    private static string Time(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"<time datetime=\"{time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{time.UtcDateTime:yyyy-MM-dd HH:mm} UTC</time>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
