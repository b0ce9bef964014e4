using System.Net;
using System.Security.Cryptography;
using System.Text;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Reports.Tables;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Cli.Tests.Commands;

/// <summary>The example's HTML report: self-contained, every model and check in it, its numbers the engines', and the inputs to rerun it.</summary>
[Collection(ExampleRunGroup.Name)]
public sealed class ExampleReportTests(ExampleRun run)
{
    [Fact]
    public void Report_EveryModel_HasASection()
    {
        foreach (var model in RtmsExample.EmbeddedPlan().Models)
        {
            Assert.Contains($"<h3>{WebUtility.HtmlEncode(model.Name)}</h3>", run.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Report_RandomEffectsEstimate_IsTheEnginesRounded()
    {
        var fit = RandomEffectsModel.Fit(RtmsExample.Effects(RtmsExample.EmbeddedTable(), 0.5).Data);
        var c = fit.Coefficients[0];

        Assert.Contains($"<td>intrcpt</td><td>{NumberFormat.Fixed(c.Estimate, 4)}</td><td>{NumberFormat.Fixed(c.StandardError, 4)}</td><td>{NumberFormat.Fixed(c.Statistic, 3)}</td><td>{NumberFormat.PValue(c.PValue)}</td><td>[{NumberFormat.Fixed(c.CiLower)}, {NumberFormat.Fixed(c.CiUpper)}]</td>", run.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_IsSelfContained()
    {
        Assert.DoesNotContain("src=\"http", run.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", run.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", run.Html, StringComparison.Ordinal);
        var images = run.Html.Split("src=\"data:image/svg+xml;base64,").Length - 1;
        Assert.Equal(run.Svgs.Count, images);
    }

    [Fact]
    public void Report_Inputs_AllowARerun()
    {
        var csv = File.ReadAllText(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "rtms_synthetic.csv"));
        var plan = File.ReadAllText(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "plan.yaml"));

        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))), run.Html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(plan), run.Html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(csv), run.Html, StringComparison.Ordinal);
        Assert.Contains("metaanalysis analyze", run.Html, StringComparison.Ordinal);
        Assert.Contains("MathNet.Numerics", run.Html, StringComparison.Ordinal);
        Assert.Contains("ScottPlot", run.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Sections_ComparisonBiasAndSensitivity()
    {
        Assert.Contains("Bayesian models (exact marginal likelihoods)", run.Html, StringComparison.Ordinal);
        Assert.Contains("Frequentist models (information criteria)", run.Html, StringComparison.Ordinal);
        Assert.Contains("Sampled models (PSIS-LOO)", run.Html, StringComparison.Ordinal);
        Assert.Contains("Egger&#39;s regression test", run.Html, StringComparison.Ordinal);
        Assert.Contains("Trim-and-fill (L0), three-level", run.Html, StringComparison.Ordinal);
        Assert.Contains("Fail-safe N (Orwin)", run.Html, StringComparison.Ordinal);
        Assert.Contains("Sensitivity to the assumed pre/post correlation", run.Html, StringComparison.Ordinal);
    }
}
