using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.LinearModels;
using MetaAnalysis.Core.Splines;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Splines;

public class RestrictedCubicSplineTests
{
    private static readonly double[] Knots = [1, 2, 4, 8];

    [Theory]
    [InlineData(3.0, 8.0 / 49, 1.0 / 49)]
    [InlineData(10.0, 357.0 / 49, 192.0 / 49)]
    public void Evaluate_AtHandComputedPoints_MatchesHarrellsFormula(double x, double first, double second)
    {
        // By hand with knots 1, 2, 4, 8 and norm = 2 (divide by (8 - 1)² = 49): at x = 10,
        // 9³ - 6³·7/4 + 2³·3/4 = 357 and 8³ - 6³·6/4 + 2³·2/4 = 192.
        var row = RestrictedCubicSpline.WithKnots(Knots).Evaluate(x);

        Assert.Equal([x, first, second], row, (a, b) => Math.Abs(a - b) < Tolerances.Algebra);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(3.7)]
    [InlineData(6.0)]
    [InlineData(12.5)]
    public void Evaluate_AnyPoint_MatchesHmiscScaledForm(double x)
    {
        // Hmisc's arrangement: scale x - t by kd = (t_K - t_1)^(2/3) before cubing.
        var kd = Math.Pow(Knots[3] - Knots[0], 2.0 / 3);
        double Plus(double u) => Math.Pow(Math.Max(u / kd, 0), 3);

        var row = RestrictedCubicSpline.WithKnots(Knots).Evaluate(x);

        for (var j = 0; j < 2; j++)
        {
            var expected = Plus(x - Knots[j])
                + (((Knots[2] - Knots[j]) * Plus(x - Knots[3])) - ((Knots[3] - Knots[j]) * Plus(x - Knots[2]))) / (Knots[3] - Knots[2]);
            Assert.Equal(expected, row[j + 1], Tolerances.Algebra);
        }
    }

    [Fact]
    public void Evaluate_OutsideTheOuterKnots_IsZeroBelowAndLinearAbove()
    {
        var spline = RestrictedCubicSpline.WithKnots(Knots);

        Assert.All(spline.Evaluate(0.9).Skip(1), v => Assert.Equal(0, v));
        var (a, b, c) = (spline.Evaluate(9), spline.Evaluate(11), spline.Evaluate(13));
        for (var j = 1; j < 3; j++)
        {
            Assert.Equal(0, a[j] - (2 * b[j]) + c[j], 1e-9);
        }
    }

    [Fact]
    public void DefaultKnots_FiveKnotsOnTwoHundredValues_AreType7Quantiles()
    {
        // Values 1..200: the type 7 quantile at p is 1 + 199 p; p = .05, .275, .5, .725, .95.
        var knots = RestrictedCubicSpline.DefaultKnots(Sequence(1, 200), 5);

        Assert.Equal([10.95, 55.725, 100.5, 145.275, 190.05], knots, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void DefaultKnots_ThreeKnots_UseTheTenthAndNinetiethPercentiles()
    {
        var knots = RestrictedCubicSpline.DefaultKnots(Sequence(1, 200), 3);

        Assert.Equal([20.9, 100.5, 180.1], knots, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void DefaultKnots_SevenKnots_UseTheTwoAndAHalfPercentOuterQuantiles()
    {
        var expected = Enumerable.Range(0, 7).Select(i => 1 + (199 * (0.025 + (0.95 * i / 6)))).ToArray();

        var knots = RestrictedCubicSpline.DefaultKnots(Sequence(1, 200), 7);

        Assert.Equal(expected, knots, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void DefaultKnots_FewerThanHundredValues_PutOuterKnotsOnFifthSmallestAndLargest()
    {
        // Values 1..50, 4 knots: inner quantiles at .35 and .65 are 1 + 49 p; outer knots 5 and 46.
        var knots = RestrictedCubicSpline.DefaultKnots(Sequence(1, 50), 4);

        Assert.Equal([5, 18.15, 32.85, 46], knots, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void DefaultKnots_FewDistinctValues_AreTheInteriorValues()
    {
        var knots = RestrictedCubicSpline.DefaultKnots([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 3);

        Assert.Equal([2.0, 3, 4], knots);
    }

    [Fact]
    public void DefaultKnots_ManyTiedAtZero_MakeTheSmallestPositiveValueAKnot()
    {
        // 30 sham arms at dose 0 and doses 1..70: 30% tied at the minimum, so 1 becomes the first knot
        // and the remaining 4 are the quantiles 2 + 68 p at .05, .35, .65, .95 of the 69 values above it;
        // with fewer than 100 values the last moves to the 5th largest, 66 (the first is not moved,
        // since the tie rule already fixed the lower end).
        double[] doses = [.. Enumerable.Repeat(0.0, 30), .. Sequence(1, 70)];

        var knots = RestrictedCubicSpline.DefaultKnots(doses, 5);

        Assert.Equal([1, 5.4, 25.8, 46.2, 66], knots, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void Columns_Names_FollowRms()
    {
        var columns = RestrictedCubicSpline.WithKnots(Knots).Columns("dose", [0, 3, 10]);

        Assert.Equal(["dose", "dose'", "dose''"], columns.Select(c => c.Name));
        Assert.Equal([0.0, 3, 10], columns[0].Column);
        Assert.Equal(8.0 / 49, columns[1].Column[1], Tolerances.Algebra);
    }

    [Fact]
    public void Columns_AsModeratorsOfALinearTruth_NonlinearCoefficientsVanish()
    {
        // A restricted cubic spline contains the straight line, so an exactly linear dose-response is
        // fitted with zero nonlinear coefficients.
        var dose = Sequence(0, 20).Select(d => d * 150).ToArray();
        var spline = RestrictedCubicSpline.WithDefaultKnots(dose, 4, "dose");
        List<(string Name, double[] Column)> columns = [("intrcpt", [.. Enumerable.Repeat(1.0, dose.Length)]), .. spline.Columns("dose", dose)];
        var design = DesignMatrix.FromColumns(columns);
        var y = Vector<double>.Build.Dense(dose.Length, i => 0.1 + (0.0002 * dose[i]));

        var fit = GeneralizedLeastSquares.FitDiagonal(y, design.X, Vector<double>.Build.Dense(dose.Length, i => 1 + (i % 3)));

        Assert.Equal(0.1, fit.Beta[0], 1e-10);
        Assert.Equal(0.0002, fit.Beta[1], 1e-12);
        Assert.Equal(0, fit.Beta[2], 1e-10);
        Assert.Equal(0, fit.Beta[3], 1e-10);
    }

    [Fact]
    public void WithKnots_FewerThanThreeDistinct_NamesKnots()
    {
        var ex = Assert.Throws<InvalidInputException>(() => RestrictedCubicSpline.WithKnots([1, 1, 2]));
        Assert.Equal("knots", ex.Field);
    }

    [Fact]
    public void DefaultKnots_NotANumber_NamesTheElement()
    {
        var ex = Assert.Throws<InvalidInputException>(() => RestrictedCubicSpline.DefaultKnots([1, 2, double.NaN, 4, 5, 6, 7], 3, "dose"));
        Assert.Equal("dose[2]", ex.Field);
    }

    [Fact]
    public void DefaultKnots_FewerThanSixValues_NamesTheVariable()
    {
        var ex = Assert.Throws<InvalidInputException>(() => RestrictedCubicSpline.DefaultKnots([1, 2, 3, 4, 5], 3, "dose"));
        Assert.Equal("dose", ex.Field);
    }

    [Fact]
    public void DefaultKnots_TwoKnotsRequested_NamesTheKnotCount()
    {
        var ex = Assert.Throws<InvalidInputException>(() => RestrictedCubicSpline.DefaultKnots(Sequence(1, 20), 2, "dose"));
        Assert.Equal("dose.knots", ex.Field);
    }

    private static double[] Sequence(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => (double)i)];
}
