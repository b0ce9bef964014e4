using MathNet.Numerics.Distributions;
using MetaAnalysis.Cli.Plots;

namespace MetaAnalysis.Cli.Tests.Plots;

public sealed class PlotPartsTests
{
    [Fact]
    public void RankCounts_SeparatedChains_FillOppositeBins()
    {
        var counts = RankPlot.Counts([[1, 2, 3, 4], [5, 6, 7, 8]], bins: 2);

        Assert.Equal(new[] { 4, 0 }, counts[0]);
        Assert.Equal(new[] { 0, 4 }, counts[1]);
    }

    [Fact]
    public void RankCounts_InterleavedChains_AreFlat()
    {
        var counts = RankPlot.Counts([[1, 3, 5, 7], [2, 4, 6, 8]], bins: 4);

        Assert.All(counts.SelectMany(c => c), n => Assert.Equal(1, n));
    }

    [Fact]
    public void DensityEstimate_StandardNormalDraws_ApproachesTheNormalDensity()
    {
        var draws = new double[20000];
        Normal.Samples(new Random(7), draws, 0, 1);

        var curve = DensityCurve.Estimate(draws);
        var atZero = curve.Density[Array.FindIndex(curve.X, x => x >= 0)];

        // The normal density near 0 is 1/√(2π) ≈ 0.399; kernel smoothing and the grid cost a few per cent.
        Assert.InRange(atZero, 0.38, 0.41);
        Assert.InRange(curve.X[0], -2.8, -2.4);
    }

    [Fact]
    public void DensityOf_Grid_EndsAtTheLimits()
    {
        var curve = DensityCurve.Of(x => x, 1, 3, points: 5);

        Assert.Equal(new[] { 1.0, 1.5, 2, 2.5, 3 }, curve.X);
        Assert.Equal(curve.X, curve.Density);
    }

    [Theory]
    [InlineData("Bayes RE, tau ~ half-normal(0.5)", "bayes-re-tau-half-normal-0-5")]
    [InlineData("dose''", "dose-prime-prime")]
    [InlineData("  --  ", "")]
    public void Slug_Name_IsAFileName(string name, string slug) => Assert.Equal(slug, BatchFigures.Slug(name));

    [Fact]
    public void Funnel_WithFilledEffects_RendersNonBlank()
    {
        var figure = FunnelPlot.Create("funnel", "funnel", "yi", [0.1, 0.3, -0.2, 0.5], [0.02, 0.04, 0.05, 0.03], 0.15, [0.6], [0.05]);

        PngCheck.AssertNotBlank(figure.Png(), figure.Name);
    }
}
