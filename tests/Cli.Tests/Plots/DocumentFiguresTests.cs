using MetaAnalysis.Reports.Tests.Plots;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Google.Protobuf;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Documents;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Reports.Plots;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Tests.Plots;

/// <summary>The rTMS example plan run through the real pipeline into a document, once for all tests.</summary>
public sealed class RtmsDocument
{
    public RtmsDocument()
    {
        var path = Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "plan.yaml");

        // Fewer NUTS draws keep the test quick; the figures are the same kinds.
        var text = File.ReadAllText(path).Replace("warmup: 1000, iterations: 1000", "warmup: 300, iterations: 300", StringComparison.Ordinal);
        Plan = PlanReader.Parse(text, path, Path.GetDirectoryName(path));
        var request = PlanRequest.Build(Plan, StudyTable.Load(Plan.DataPath!)).Request;
        var (models, comparison) = BatchRunner.Run(request);
        var run = RunInformation.Capture(DateTimeOffset.UtcNow, 0, "test");
        Local = new AnalysisDocument(Plan.Title, request.Data, models, comparison, run, null);

        // What a remote batch holds: the data and every result as they came over the wire.
        var wire = models.Select(m => m with { Result = m.Result is null ? null : FitResult.Parser.ParseFrom(m.Result.ToByteArray()) }).ToArray();
        Remote = new AnalysisDocument(Plan.Title, DataSet.Parser.ParseFrom(request.Data.ToByteArray()), wire, comparison, run, null);
    }

    public AnalysisPlan Plan { get; }

    public AnalysisDocument Local { get; }

    public AnalysisDocument Remote { get; }
}

public sealed partial class DocumentFiguresTests(RtmsDocument rtms) : IClassFixture<RtmsDocument>
{
    // Drawing changes a plot (ticks, limits): each test draws its own figures from the shared document.
    private readonly IReadOnlyList<Figure> figures = DocumentFigures.Create(rtms.Local);

    [Fact]
    public void Create_RtmsExample_EveryModelHasAResult()
    {
        Assert.All(rtms.Local.Models, m => Assert.True(m.Result is not null, $"{m.Name}: {m.Failure}"));
    }

    [Theory]
    [InlineData("random effects (REML)", "forest")]
    [InlineData("by group", "forest")]
    [InlineData("by metabolite", "forest")]
    [InlineData("three-level (REML)", "forest")]
    [InlineData("three-level, CR2 robust", "forest")]
    [InlineData("dose, linear (three-level)", "dose")]
    [InlineData("dose, spline (three-level)", "dose")]
    [InlineData("Bayes RE, tau ~ half-normal(0.5)", "forest", "density", "density")]
    [InlineData("Bayes RE, tau ~ half-Cauchy(0.3)", "forest", "density", "density")]
    [InlineData("Bayes by group", "forest", "density", "density", "density")]
    [InlineData("Bayes three-level", "forest", "density", "density", "density")]
    [InlineData("Bayes dose, linear (three-level)", "density", "density", "density", "dose")]
    [InlineData("Bayes dose, spline (three-level)", "density", "density", "density", "density", "dose")]
    [InlineData("Bayes dose, Emax", "density", "trace", "rank", "density", "trace", "rank", "density", "trace", "rank", "density", "trace", "rank", "dose")]
    public void Create_Model_HasItsFiguresInOrder(string model, params string[] kinds)
    {
        var own = figures.Where(f => f.Group == model).ToArray();

        Assert.Equal(kinds, own.Select(f => f.Name[..f.Name.IndexOf('-', StringComparison.Ordinal)]));
        Assert.All(own, f => Assert.Contains($"-{FigureNames.Slug(model)}", f.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_RandomEffects_ForestHasOneRowPerEffectAndThePooledEstimate()
    {
        var forest = Named("forest-random-effects-reml");

        var labels = Ticks(forest);

        // A header row above the effects (the right column's headings), then the effects and the pooled row.
        Assert.Equal(rtms.Local.Labels.Prepend(string.Empty).Append("pooled (95% CI)"), labels);
        Assert.Equal("random effects (REML)", forest.Group);
    }

    [Fact]
    public void Create_ThreeLevel_ForestGroupsTheEffectsByStudy()
    {
        var labels = Ticks(Named("forest-three-level-reml"));
        var studies = rtms.Local.Data.Clusters.Distinct(StringComparer.Ordinal).ToArray();

        Assert.Equal(1 + rtms.Local.K + studies.Length + 1, labels.Length);
        Assert.All(studies, s => Assert.Contains(s.ToUpperInvariant(), labels));
    }

    [Fact]
    public void Create_SubgroupModel_ForestHasEverySubgroupWithItsEffects()
    {
        var result = rtms.Local.Results.Single(r => r.Name == "by group").Result;

        var labels = Ticks(Named("forest-by-group"));

        // The header, each subgroup's heading, effects and diamond, and the diamond of all effects.
        Assert.Equal(1 + rtms.Local.K + (2 * result.Subgroups.Count) + 1, labels.Length);
        Assert.All(result.Subgroups, g => Assert.Contains($"{g.Level} (k = {g.K})", labels));
    }

    [Fact]
    public void Create_Batch_HasTheFunnelAndTheSensitivityPlotsLast()
    {
        var batch = figures.Where(f => f.Group is null).Select(f => f.Name);

        Assert.Equal(["funnel", "sensitivity-correlation", "sensitivity-sampling-correlation"], batch);
        Assert.Equal(["funnel", "sensitivity-correlation", "sensitivity-sampling-correlation"], figures.TakeLast(3).Select(f => f.Name));
    }

    [Fact]
    public void Create_RtmsExample_FigureNamesAreUnique()
    {
        Assert.Equal(figures.Count, figures.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(figures, f => f.Name == "density-bayes-dose-spline-three-level-beta-dose-prime");
    }

    [Fact]
    public void Create_EveryFigure_RendersToPngAndSvg()
    {
        Assert.True(figures.Count >= 40, $"only {figures.Count} figures");
        foreach (var figure in figures)
        {
            PngCheck.AssertNotBlank(figure.Png(), figure.Name);
            var svg = XDocument.Parse(figure.Svg());
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.True(svg.Descendants().Count() > 20, $"{figure.Name} has almost nothing in it");
        }
    }

    [Fact]
    public void Create_RankPlots_XAxisRunsOverTheBins()
    {
        var ranks = figures.Where(f => f.Name.StartsWith("rank-", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(ranks);
        foreach (var figure in ranks)
        {
            _ = figure.Png();
            var limits = figure.Plot.Axes.GetLimits();
            Assert.Equal(0, limits.Left);
            Assert.Equal(Analysis.Fitting.PlotDataBuilder.RankBins, limits.Right);
        }
    }

    [Fact]
    public void Create_ResultsFromTheWire_DrawTheSameSvg()
    {
        var remote = DocumentFigures.Create(rtms.Remote);

        Assert.Equal(figures.Select(f => f.Name), remote.Select(f => f.Name));
        for (var i = 0; i < remote.Count; i++)
        {
            Assert.True(Comparable(figures[i].Svg()) == Comparable(remote[i].Svg()), $"{remote[i].Name} differs");
            Assert.Equal(figures[i].Caption, remote[i].Caption);
            Assert.Equal(figures[i].Group, remote[i].Group);
        }
    }

    [Fact]
    public void Create_ModelWithoutResult_IsLeftOut()
    {
        var models = rtms.Local.Models.Select(m => m.Name == "random effects (REML)" ? m with { State = JobState.Failed, Result = null } : m).ToArray();

        var without = DocumentFigures.Create(rtms.Local with { Models = models });

        Assert.DoesNotContain(without, f => f.Group == "random effects (REML)");
        Assert.Contains(without, f => f.Name == "funnel");
    }

    private Figure Named(string name) => Assert.Single(figures, f => f.Name == name);

    /// <summary>The left axis's labels, which a plot generates when it is drawn.</summary>
    private static string[] Ticks(Figure figure)
    {
        _ = figure.Svg();
        return figure.Plot.Axes.Left.TickGenerator.Ticks.Select(t => t.Label).ToArray();
    }

    /// <summary>
    /// The SVG with its clip-path ids numbered by first appearance: SkiaSharp's SVG canvas numbers them from a
    /// process-wide counter, so even one plot drawn twice differs in them and nothing else.
    /// </summary>
    private static string Comparable(string svg)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return ClipPathId().Replace(svg, m => $"clip{(ids.TryGetValue(m.Value, out var n) ? n : ids[m.Value] = ids.Count)}");
    }

    [GeneratedRegex("cl_[0-9a-f]+")]
    private static partial Regex ClipPathId();
}
