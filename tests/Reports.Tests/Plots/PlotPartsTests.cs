using MathNet.Numerics.Distributions;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Reports.Plots;

namespace MetaAnalysis.Reports.Tests.Plots;

public sealed class PlotPartsTests
{
    [Fact]
    public void Ranks_SeparatedChains_FillOppositeBins()
    {
        var counts = PlotDataBuilder.Ranks("mu", [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]]).Select(h => h.Counts.ToArray()).ToArray();

        Assert.Equal(Enumerable.Repeat(1, 10).Concat(Enumerable.Repeat(0, 10)), counts[0]);
        Assert.Equal(Enumerable.Repeat(0, 10).Concat(Enumerable.Repeat(1, 10)), counts[1]);
    }

    [Fact]
    public void Ranks_InterleavedChains_AreFlat()
    {
        var odd = Enumerable.Range(0, 40).Select(i => (2.0 * i) + 1).ToArray();
        var even = odd.Select(x => x + 1).ToArray();

        var counts = PlotDataBuilder.Ranks("mu", [odd, even]).SelectMany(h => h.Counts);

        Assert.All(counts, n => Assert.Equal(2, n));
    }

    [Fact]
    public void Estimate_StandardNormalDraws_ApproachesTheNormalDensity()
    {
        var draws = new double[20000];
        Normal.Samples(new Random(7), draws, 0, 1);

        var curve = PlotDataBuilder.Estimate("mu", draws, prior: null);
        var atZero = curve.Density[curve.X.ToList().FindIndex(x => x >= 0)];

        // The normal density near 0 is 1/√(2π) ≈ 0.399; kernel smoothing and the grid cost a few per cent.
        Assert.InRange(atZero, 0.38, 0.41);
        Assert.InRange(curve.X[0], -2.8, -2.4);
    }

    [Fact]
    public void Density_Grid_EndsAtTheLimitsWithThePrior()
    {
        var curve = PlotDataBuilder.Density("mu", x => x, x => 2 * x, 1, 3);

        Assert.Equal(1.0, curve.X[0]);
        Assert.Equal(3.0, curve.X[^1]);
        Assert.Equal(curve.X, curve.Density);
        Assert.Equal(curve.X.Select(x => 2 * x), curve.Prior);
    }

    [Theory]
    [InlineData("Bayes RE, tau ~ half-normal(0.5)", "bayes-re-tau-half-normal-0-5")]
    [InlineData("dose''", "dose-prime-prime")]
    [InlineData("  --  ", "")]
    public void Slug_Name_IsAFileName(string name, string slug) => Assert.Equal(slug, FigureNames.Slug(name));

    [Fact]
    public void Funnel_WithFilledEffects_RendersNonBlank()
    {
        var figure = FunnelPlot.Create("funnel", "funnel", "yi", [0.1, 0.3, -0.2, 0.5], [0.02, 0.04, 0.05, 0.03], 0.15, [0.6], [0.05]);

        PngCheck.AssertNotBlank(figure.Png(), figure.Name);
    }
}
