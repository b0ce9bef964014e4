using System.Net;
using System.Text.RegularExpressions;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;
using MetaAnalysis.Tests.Browser;
using OpenQA.Selenium;

namespace MetaAnalysis.EndToEnd.Tests;

/// <summary>
/// The web dashboard as a lab uses it, in a real headless Chromium against a real server and worker process:
/// sign in with the API key, watch a batch submitted through the SDK run, cancel one, open the finished
/// batch's report (the report <c>report BATCH_ID</c> writes), at a desktop's and a phone's width; and another
/// tenant's key sees none of it.
/// </summary>
public sealed partial class DashboardTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dashboard-");

    [BrowserFact]
    public async Task Dashboard_SignInWatchCancelAndReport_ShowsOnlyTheTenantsWorkLive()
    {
        using var cluster = new ServiceCluster(dashboard: true);
        await cluster.StartServerAsync();
        cluster.StartWorker("worker-1", concurrency: 1);
        using var client = cluster.Client(ServiceCluster.KeyA);
        var data = RtmsExample.Load();

        // The one worker slot takes the long sampler first, so the second batch waits until the first is cancelled.
        var toCancel = await client.SubmitBatchAsync(new BatchBuilder(TestJobs.LongSampling().Data).Title("long sampling, to cancel").WithPublicationBiasChecks(false)
            .Add("NUTS, a million draws", new AnalysisBuilder().RandomEffects().Nuts(seed: 3, chains: 2, warmup: 1000, draws: 1_000_000, partialSummaryEvery: 1000).MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)))
            .Add("random effects REML", new AnalysisBuilder().RandomEffects().Frequentist(Tau2Method.Reml))
            .Build());
        var analysis = await client.SubmitBatchAsync(new BatchBuilder(data).Title("rTMS on the dashboard")
            .Add("random effects REML", new AnalysisBuilder().RandomEffects().Frequentist(Tau2Method.Reml, CoefficientTest.KnappHartung))
            .Add("three-level", new AnalysisBuilder().ThreeLevel().Frequentist(Tau2Method.Reml))
            .Add("random effects, half-normal(0.5)", new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood())
            .Add("random effects, NUTS", new AnalysisBuilder().RandomEffects().Nuts(seed: 7, chains: 2).MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Loo())
            .Build());

        using (var browser = new HeadlessBrowser(width: 1400))
        {
            // Not signed in: every page leads to the sign-in form; a wrong key is refused without echoing it.
            browser.GoTo(new Uri(cluster.DashboardAddress, DashboardPath(toCancel.BatchId)));
            Assert.Contains("/sign-in", browser.Driver.Url, StringComparison.Ordinal);
            SignIn(browser, "not-a-key-of-anyone");
            Assert.Contains("That key is not valid", browser.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-key-of-anyone", browser.Driver.PageSource, StringComparison.Ordinal);
            SignIn(browser, ServiceCluster.KeyA);

            // Back where it was asked for, in a session kept in a secure, HTTP-only cookie scripts cannot read.
            Assert.EndsWith(DashboardPath(toCancel.BatchId), browser.Driver.Url, StringComparison.Ordinal);
            var session = browser.Driver.Manage().Cookies.GetCookieNamed("metaanalysis-session");
            Assert.NotNull(session);
            Assert.True(session.IsHttpOnly && session.Secure, "the session cookie is HTTP-only and secure");
            Assert.DoesNotContain("metaanalysis-session", (string)browser.Script("return document.cookie")!, StringComparison.Ordinal);

            // Live: the running sampler's row changes without a reload.
            browser.Script("window.stillThisPage = true");
            browser.WaitUntil(_ => RowText(browser, "NUTS, a million draws").Contains("draws", StringComparison.Ordinal), "the sampler's partial summary showing", Patience);
            Assert.Contains("running", RowText(browser, "NUTS, a million draws"), StringComparison.Ordinal);
            Assert.Equal(true, browser.Script("return window.stillThisPage === true"));
            browser.Screenshot("dashboard-batch-running");

            browser.Follow(By.XPath("//button[normalize-space()='Cancel open jobs']"), Patience);
            // The page the cancel leads to shows the batch ended: every job cancelled, nothing left to cancel.
            browser.WaitUntil(
                _ => browser.Driver.FindElements(By.CssSelector("form[data-field=cancel]")).Count == 0
                    && browser.Driver.FindElements(By.CssSelector("tr[data-job] td.state")).All(cell => cell.Text == "cancelled"),
                "every job showing cancelled",
                Patience);
            Assert.All((await client.GetBatchAsync(toCancel.BatchId)).Jobs, job => Assert.Equal(JobState.Cancelled, job.State));

            // The overview follows the other batch to its end, again without a reload.
            browser.Follow(By.LinkText("Batches and jobs"), Patience);
            Assert.Contains("long sampling, to cancel", browser.Text(), StringComparison.Ordinal);
            browser.Script("window.stillThisPage = true");
            browser.WaitUntil(_ => WorkState(browser, analysis.BatchId) == "finished", "the rTMS batch showing finished", Patience);
            Assert.Equal(true, browser.Script("return window.stillThisPage === true"));
            Assert.Contains($"{analysis.JobIds.Count} succeeded", browser.Driver.FindElement(By.CssSelector($"tr[data-work='b:{analysis.BatchId}']")).Text, StringComparison.Ordinal);
            browser.Screenshot("dashboard-overview");

            browser.Follow(By.LinkText("rTMS on the dashboard"), Patience);
            browser.Follow(By.LinkText("Open the report"), Patience);
            Assert.Equal("rTMS on the dashboard", browser.Driver.Title);
            Assert.All(["random effects REML", "three-level", "random effects, half-normal(0.5)", "random effects, NUTS", "Model comparison"], text => Assert.Contains(text, browser.Text(), StringComparison.Ordinal));
            browser.WaitUntil(_ => browser.Script("return Array.from(document.images).every(i => i.complete)") is true, "every figure loading", Patience);
            var broken = (string)browser.Script("return Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.alt).join('; ')")!;
            Assert.True(broken.Length == 0, $"figures that do not display: {broken}");
            browser.Screenshot("report-desktop", maxHeight: 2400);

            // The same report as the command line's `report BATCH_ID`, up to how each says it was made.
            var cliReport = Path.Combine(folder.FullName, "cli.html");
            var written = await CliRun.RunAsync(folder.FullName, Patience, "report", analysis.BatchId, "--out", cliReport, "--server", cluster.Address.ToString(), "--api-key", ServiceCluster.KeyA);
            Assert.True(written.ExitCode == 0, written.Error);
            var cliHtml = await File.ReadAllTextAsync(cliReport);
            Assert.Equal(BeforeInputs(cliHtml), BeforeInputs(await ReportHtmlAsync(cluster, browser, analysis.BatchId)));
            var figures = Convert.ToInt32(browser.Script("return document.images.length"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Regex.Count(cliHtml, "<img "), figures);
            Assert.True(figures >= 4, $"{figures} figures shown");
        }

        using (var phone = new HeadlessBrowser(width: 400, height: 850))
        {
            phone.GoTo(new Uri(cluster.DashboardAddress, "/"));
            SignIn(phone, ServiceCluster.KeyA);
            AssertFitsTheWidth(phone, "the overview");
            phone.Screenshot("dashboard-phone");
            phone.GoTo(new Uri(cluster.DashboardAddress, ReportPath(analysis.BatchId)));
            AssertFitsTheWidth(phone, "the report");
            phone.Screenshot("report-phone", maxHeight: 2400);

            // Another tenant signs in on the same browser and sees nothing of the first tenant's work.
            phone.GoTo(new Uri(cluster.DashboardAddress, "/"));
            phone.Follow(By.XPath("//button[normalize-space()='Sign out']"), Patience);
            Assert.Contains("/sign-in", phone.Driver.Url, StringComparison.Ordinal);
            SignIn(phone, ServiceCluster.KeyB);
            Assert.Contains("Nothing submitted yet", phone.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain("rTMS on the dashboard", phone.Text(), StringComparison.Ordinal);
            foreach (var path in new[] { DashboardPath(analysis.BatchId), ReportPath(analysis.BatchId), "/jobs/" + analysis.JobIds[0] })
            {
                phone.GoTo(new Uri(cluster.DashboardAddress, path));
                Assert.Contains("No batch or job with this id belongs to your lab", phone.Text(), StringComparison.Ordinal);
                Assert.DoesNotContain("random effects", phone.Text(), StringComparison.Ordinal);
            }

            var events = (string)phone.Script($"return await (await fetch('/events?watch=b:{analysis.BatchId}')).text()")!;
            Assert.Contains("event: missing", events, StringComparison.Ordinal);
            Assert.DoesNotContain("event: job", events, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dashboard_WithoutASession_SendsPagesToSignInAndRefusesTheRest()
    {
        using var cluster = new ServiceCluster(dashboard: true);
        await cluster.StartServerAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = cluster.DashboardAddress };

        var page = await http.GetAsync(new Uri("/batches/batch_x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/sign-in", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/events?watch=b:batch_x", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync(new Uri("/batches/batch_x/cancel", UriKind.Relative), new FormUrlEncodedContent([]))).StatusCode);

        // A sign-in without the form's anti-forgery token is refused, even with a valid key.
        var forged = await http.PostAsync(new Uri("/sign-in", UriKind.Relative), new FormUrlEncodedContent([new("api_key", ServiceCluster.KeyA)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("metaanalysis-session", StringComparison.Ordinal)));

        var signIn = await http.GetAsync(new Uri("/sign-in", UriKind.Relative));
        var policy = string.Join(' ', signIn.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);

        // gRPC keeps its HTTP/2 endpoint; the dashboard's port speaks HTTP/1.1 only.
        using var grpcClient = cluster.Client(ServiceCluster.KeyA);
        var handle = await grpcClient.SubmitBatchAsync(new BatchBuilder(TestJobs.EffectSizes(1).Data).Add("effect sizes", new AnalysisBuilder().EffectSizesOnly()).Build());
        Assert.StartsWith("batch_", handle.BatchId, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static string DashboardPath(string batchId) => "/batches/" + batchId;

    private static string ReportPath(string batchId) => "/batches/" + batchId + "/report";

    private static void SignIn(HeadlessBrowser browser, string key)
    {
        var field = browser.Driver.FindElement(By.Id("api-key"));
        field.Clear();
        field.SendKeys(key);
        browser.Follow(By.XPath("//button[normalize-space()='Sign in']"), Patience);
    }

    private static string RowText(HeadlessBrowser browser, string model) =>
        browser.Driver.FindElement(By.XPath($"//tr[@data-job][td[1][starts-with(normalize-space(), '{model}')]]")).Text;

    private static string WorkState(HeadlessBrowser browser, string batchId) =>
        browser.Driver.FindElement(By.CssSelector($"tr[data-work='b:{batchId}'] [data-field=state]")).Text;

    private static void AssertFitsTheWidth(HeadlessBrowser browser, string what)
    {
        var overflow = Convert.ToInt32(browser.Script("return document.documentElement.scrollWidth - window.innerWidth"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(overflow <= 0, $"{what} is {overflow} px wider than a 400 px screen");
    }

    private static async Task<string> ReportHtmlAsync(ServiceCluster cluster, HeadlessBrowser browser, string batchId)
    {
        // The report as the server sends it (the browser's page source is the parsed document, not the bytes).
        var cookie = browser.Driver.Manage().Cookies.GetCookieNamed("metaanalysis-session") ?? throw new InvalidOperationException("not signed in");
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.DashboardAddress, ReportPath(batchId)));
        request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static string BeforeInputs(string html) => html[..InputsSection().Match(html).Index];

    [GeneratedRegex("<h2 id=\"inputs\"")]
    private static partial Regex InputsSection();
}
