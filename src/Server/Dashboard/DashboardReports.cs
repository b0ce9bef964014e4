using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Reports.Html;
using MetaAnalysis.Reports.Plots;
using MetaAnalysis.Server.Jobs;
using Microsoft.Extensions.Caching.Memory;

namespace MetaAnalysis.Server.Dashboard;

/// <summary>
/// The HTML report of a batch or single job, rendered by <c>src/Reports</c> from the same document the command
/// line's <c>report BATCH_ID</c> makes (<see cref="ServiceDocument"/>), so the dashboard and the command line
/// show the same report. Reports of finished work never change; the last few are kept rendered.
/// </summary>
internal sealed class DashboardReports : IDisposable
{
    private const int KeptReports = 16;

    private readonly JobService jobs;
    private readonly string serviceAddress;
    private readonly MemoryCache rendered = new(new MemoryCacheOptions { SizeLimit = KeptReports });

    /// <param name="jobs">The job service, which checks every read against the tenant.</param>
    /// <param name="serviceAddress">The gRPC address the report names as where the work ran.</param>
    public DashboardReports(JobService jobs, string serviceAddress)
    {
        this.jobs = jobs;
        this.serviceAddress = serviceAddress;
    }

    /// <summary>The report of the tenant's batch or job (so far, while it runs).</summary>
    /// <exception cref="JobNotFoundException">No such batch or job for this tenant.</exception>
    public async Task<string> RenderAsync(string tenant, WorkTarget target, CancellationToken cancellationToken)
    {
        var key = (tenant, target);
        if (rendered.TryGetValue(key, out string? html) && html is not null)
        {
            return html;
        }

        var (document, finished) = await DocumentAsync(tenant, target, cancellationToken).ConfigureAwait(false);

        // Figures are CPU work; off the request's thread they do not hold up the server's other requests.
        html = await Task.Run(() => HtmlReport.Render(document, DocumentFigures.Create(document)), cancellationToken).ConfigureAwait(false);
        if (finished)
        {
            rendered.Set(key, html, new MemoryCacheEntryOptions { Size = 1 });
        }

        return html;
    }

    public void Dispose() => rendered.Dispose();

    private async Task<(AnalysisDocument Document, bool Finished)> DocumentAsync(string tenant, WorkTarget target, CancellationToken cancellationToken)
    {
        var commandLine = $"dashboard: report of {(target.IsBatch ? "batch" : "job")} {target.Id}";
        if (!target.IsBatch)
        {
            var job = await jobs.GetJobAsync(tenant, new GetJobRequest { JobId = target.Id, IncludeSpec = true }, cancellationToken).ConfigureAwait(false);
            return (ServiceDocument.OfJob(job, serviceAddress, commandLine), job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
        }

        var batch = await jobs.GetBatchAsync(tenant, new GetBatchRequest { BatchId = target.Id }, cancellationToken).ConfigureAwait(false);
        var data = batch.Jobs.Count == 0
            ? new DataSet()
            : (await jobs.GetJobAsync(tenant, new GetJobRequest { JobId = batch.Jobs[0].JobId, IncludeSpec = true }, cancellationToken).ConfigureAwait(false)).Spec.Data;
        return (ServiceDocument.OfBatch(batch, data, serviceAddress, commandLine), batch.Completed);
    }
}
