using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Conformance;

namespace MetaAnalysis.Cli.Tests;

public class FigureComparisonTests
{
    private static readonly Tolerance Relative = new(1e-5, 1e-7, null);

    [Fact]
    public void Compare_WithinRelativeTolerance_NoMismatch()
    {
        var expected = Parse("""{"tau2": 0.313243258, "beta": [-0.7145, null]}""");
        var computed = Parse("""{"tau2": 0.313243259, "beta": [-0.7145000001, 5]}""");

        var (mismatches, notProduced) = FigureComparison.Compare(expected, computed, Relative);

        Assert.Empty(mismatches);
        Assert.Empty(notProduced);
    }

    [Fact]
    public void Compare_OutsideTolerance_NamesFigureAndValues()
    {
        var expected = Parse("""{"beta": [1.0, 2.0]}""");
        var computed = Parse("""{"beta": [1.0, 2.001]}""");

        var (mismatches, _) = FigureComparison.Compare(expected, computed, Relative);

        var mismatch = Assert.Single(mismatches);
        Assert.Equal("beta[1]", mismatch.Figure);
        Assert.Equal("2", mismatch.Expected);
        Assert.Equal("2.001", mismatch.Computed);
    }

    [Fact]
    public void Compare_ScalarExpectedAgainstOneElementArray_Compared()
    {
        var (mismatches, _) = FigureComparison.Compare(Parse("""{"beta": 1.5}"""), Parse("""{"beta": [1.6]}"""), Relative);
        Assert.Single(mismatches);
    }

    [Fact]
    public void Compare_McseTolerance_UsesBothMonteCarloErrors()
    {
        var tolerance = new Tolerance(0, 0.01, 4);
        var expected = Parse("""{"mu": {"mean": 1.0, "mcse": {"mean": 0.01}}}""");
        // Allowed: 0.01 + 4 * sqrt(0.01^2 + 0.02^2) = 0.0994.
        var inside = Parse("""{"mu": {"mean": 1.099, "mcse": {"mean": 0.02}}}""");
        var outside = Parse("""{"mu": {"mean": 1.1, "mcse": {"mean": 0.02}}}""");

        Assert.Empty(FigureComparison.Compare(expected, inside, tolerance).Mismatches);
        Assert.Single(FigureComparison.Compare(expected, outside, tolerance).Mismatches);
    }

    [Fact]
    public void Compare_ArrayOfSummaries_ComparesEachSummary()
    {
        var expected = Parse("""{"beta": [{"mean": 1.0, "sd": 0.5}, {"mean": -2.0, "sd": 0.1}]}""");
        var computed = Parse("""{"beta": [{"mean": 1.0, "sd": 0.5}, {"mean": -2.0, "sd": 0.2}]}""");

        var mismatch = Assert.Single(FigureComparison.Compare(expected, computed, Relative).Mismatches);
        Assert.Equal("beta[1].sd", mismatch.Figure);
    }

    [Fact]
    public void Compare_FigureNotProduced_ReportedNotFailed()
    {
        var (mismatches, notProduced) = FigureComparison.Compare(Parse("""{"pi_lb": 1}"""), Parse("{}"), Relative);
        Assert.Empty(mismatches);
        Assert.Equal(["pi_lb"], notProduced);
    }

    [Fact]
    public void Compare_StringFigure_MustBeEqual()
    {
        var (mismatches, _) = FigureComparison.Compare(Parse("""{"side": "right"}"""), Parse("""{"side": "left"}"""), Relative);
        Assert.Single(mismatches);
    }

    [Fact]
    public void Compare_NaNComputed_IsMismatch()
    {
        var computed = new JsonObject { ["x"] = double.NaN };
        Assert.Single(FigureComparison.Compare(Parse("""{"x": 1}"""), computed, Relative).Mismatches);
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
