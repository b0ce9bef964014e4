using MetaAnalysis.Reports.Plots;
using ScottPlot;

namespace MetaAnalysis.Reports.Tests.Plots;

public class ForestAndFunnelTests
{
    [Fact]
    public void Funnel_Legend_NamesEveryRegionWithItsBoundsInOrderAndTheFilledEffects()
    {
        var figure = FunnelPlot.Create("funnel", "funnel", "yi", [0.1, 0.3, -0.2, 0.5], [0.02, 0.04, 0.05, 0.03], 0.15, [0.6], [0.05]);

        var legend = figure.Plot.Legend.GetItems().Select(i => i.LabelText).ToArray();

        Assert.Equal(["p < 0.01", "0.01 < p < 0.05", "0.05 < p < 0.10", "p > 0.10", "95% pseudo-confidence region", "pooled estimate", "observed", "filled (trim-and-fill)"], legend);
    }

    [Fact]
    public void Forest_Squares_HaveAreasProportionalToTheWeights()
    {
        ForestRow[] rows = [new("a", 0.1, -0.2, 0.4, Weight: 4), new("b", 0.3, 0.0, 0.6, Weight: 1), new("c", -0.1, -0.5, 0.3, Weight: 0.01)];

        var figure = ForestPlot.Create("forest", "forest", EffectScale.For("SMD"), [new ForestSection(null, rows, null)], new ForestSummary("pooled", 0.1, 0.0, 0.2));

        var sizes = figure.Plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().Select(m => m.MarkerStyle.Size).ToArray();
        Assert.Equal(18, sizes[0], 3);
        Assert.Equal(9, sizes[1], 3);
        Assert.Equal(3, sizes[2], 3);
    }

    [Fact]
    public void Forest_RightColumn_HasEachEstimateItsIntervalAndItsWeightInPercent()
    {
        ForestRow[] rows = [new("a", 0.1, -0.2, 0.4, Weight: 3), new("b", 0.3, 0.0, 0.6, Weight: 1)];

        var figure = ForestPlot.Create("forest", "forest", EffectScale.For("SMD"), [new ForestSection(null, rows, null)], new ForestSummary("pooled", 0.15, 0.0, 0.3, Note: "τ² = 0.0100"));
        _ = figure.Svg();

        var right = figure.Plot.Axes.Right.TickGenerator.Ticks.Select(t => t.Label).ToArray();
        Assert.Equal("  0.10 [-0.20,  0.40]   75.0%", right[1]);
        Assert.Equal("  0.30 [ 0.00,  0.60]   25.0%", right[2]);
        Assert.Contains(figure.Plot.GetPlottables().OfType<ScottPlot.Plottables.Text>(), t => t.LabelText == "τ² = 0.0100");
    }

    [Fact]
    public void Forest_RiskRatios_AreShownBackTransformedOnALogAxis()
    {
        var rows = new[] { new ForestRow("trial", Math.Log(0.5), Math.Log(0.25), Math.Log(1.0), Weight: 1) };

        var figure = ForestPlot.Create("forest", "forest", EffectScale.For("RR"), [new ForestSection(null, rows, null)], null);
        _ = figure.Svg();

        Assert.Equal("risk ratio (log scale)", figure.Plot.Axes.Bottom.Label.Text);
        var ticks = figure.Plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).ToArray();
        Assert.Contains(ticks, t => t.Label == "0.5" && Math.Abs(t.Position - Math.Log(0.5)) < 1e-12);
        Assert.Equal("  0.50 [ 0.25,  1.00]  100.0%", figure.Plot.Axes.Right.TickGenerator.Ticks[1].Label);
    }

    [Theory]
    [InlineData("ZCOR", "correlation", 0.5)]
    [InlineData("PLO", "proportion", 0.2)]
    [InlineData("OR", "odds ratio (log scale)", 2)]
    [InlineData(null, "effect size", 0.5)]
    public void Scale_BackTransformsToTheReadersScale(string? measure, string label, double shown)
    {
        var scale = EffectScale.For(measure);
        var analysis = measure switch { "ZCOR" => Math.Atanh(shown), "PLO" => Math.Log(shown / (1 - shown)), "OR" => Math.Log(shown), _ => shown };

        Assert.Equal(label, scale.AxisLabel);
        Assert.Equal(shown, scale.Show(analysis), 12);
    }
}
