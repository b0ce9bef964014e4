using MetaAnalysis.Reports.Tests.Plots;
using System.Xml.Linq;
using MetaAnalysis.Cli.Tests.Commands;

namespace MetaAnalysis.Cli.Tests.Plots;

/// <summary>Every figure of the example renders: each PNG opens and is not blank, each SVG is an SVG document.</summary>
[Collection(ExampleRunGroup.Name)]
public sealed class ExampleFigureTests(ExampleRun run)
{
    [Theory]
    [InlineData("forest-random-effects-reml")]
    [InlineData("forest-by-group")]
    [InlineData("forest-bayes-re-tau-half-normal-0-5")]
    [InlineData("funnel")]
    [InlineData("density-bayes-three-level-sigma-between")]
    [InlineData("trace-bayes-dose-emax-ed50")]
    [InlineData("rank-bayes-dose-emax-ed50")]
    [InlineData("dose-dose-spline-three-level")]
    [InlineData("dose-bayes-dose-emax")]
    [InlineData("sensitivity-correlation")]
    public void Analyze_ExampleFigure_IsWritten(string name)
    {
        Assert.Contains(run.Pngs, p => Path.GetFileNameWithoutExtension(p) == name);
        Assert.Contains(run.Svgs, p => Path.GetFileNameWithoutExtension(p) == name);
    }

    [Fact]
    public void Analyze_EveryPng_OpensAndIsNotBlank()
    {
        Assert.True(run.Pngs.Count >= 40, $"only {run.Pngs.Count} figures");
        foreach (var png in run.Pngs)
        {
            PngCheck.AssertNotBlank(File.ReadAllBytes(png), Path.GetFileName(png));
        }
    }

    [Fact]
    public void Analyze_EverySvg_IsAnSvgDocumentWithShapes()
    {
        Assert.Equal(run.Pngs.Select(Path.GetFileNameWithoutExtension), run.Svgs.Select(Path.GetFileNameWithoutExtension));
        foreach (var svg in run.Svgs)
        {
            var document = XDocument.Load(svg);
            Assert.Equal("svg", document.Root!.Name.LocalName);
            Assert.True(document.Descendants().Count() > 20, $"{Path.GetFileName(svg)} has almost nothing in it");
        }
    }

    [Fact]
    public void Analyze_FigureNames_AreUnique()
    {
        Assert.Equal(run.Pngs.Count, run.Pngs.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(run.Pngs, p => Path.GetFileName(p) == "density-bayes-dose-spline-three-level-beta-dose-prime.png");
    }
}
