using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.EffectSizes;

public class MeanDifferencesTests
{
    /// <summary>metadat::dat.normand1999: length of hospital stay, specialist (1) vs routine (2) care.</summary>
    private static readonly EffectSizeInput Normand = new()
    {
        M1i = [55, 27, 64, 66, 14, 19, 52, 21, 30],
        Sd1i = [47, 7, 17, 20, 8, 7, 45, 16, 27],
        N1i = [155, 31, 75, 18, 8, 57, 34, 110, 60],
        M2i = [75, 29, 119, 137, 18, 18, 41, 31, 23],
        Sd2i = [64, 4, 29, 48, 11, 4, 34, 27, 20],
        N2i = [156, 32, 71, 18, 13, 52, 33, 183, 52],
    };

    [Fact]
    public void Compute_NormandStandardizedMeanDifference_MatchesMetaforTests()
    {
        // metafor tests/test_misc_escalc.r, rows 1 to 4.
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, Normand);

        Published.Matches([-0.3552, -0.3479, -2.3176, -1.8880], result.Yi.Take(4).ToArray(), Tolerances.Printed4, "yi");
        Published.Matches([0.0131, 0.0645, 0.0458, 0.1606], result.Vi.Take(4).ToArray(), Tolerances.Printed4, "vi");
    }

    [Fact]
    public void Compute_NormandRatioOfMeans_MatchesMetaforTests()
    {
        // metafor tests/test_misc_escalc.r, rows 1 to 4.
        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.LogRatioOfMeans, Normand);

        Published.Matches([-0.3102, -0.0715, -0.6202, -0.7303], result.Yi.Take(4).ToArray(), Tolerances.Printed4, "yi");
        Published.Matches([0.0094, 0.0028, 0.0018, 0.0119], result.Vi.Take(4).ToArray(), Tolerances.Printed4, "vi");
    }

    [Fact]
    public void Compute_NormandMeanDifferenceWithPooledSd_MatchesNormand1999TableVIII()
    {
        // Normand (1999), Table VIII: mean differences with the pooled SD given for both groups
        // (metafor tests/test_analysis_example_normand1999.r).
        var pooled = Normand.Sd1i!.Select((sd1, i) =>
        {
            var (n1, n2, sd2) = (Normand.N1i![i], Normand.N2i![i], Normand.Sd2i![i]);
            return Math.Sqrt((((n1 - 1) * sd1 * sd1) + ((n2 - 1) * sd2 * sd2)) / (n1 + n2 - 2));
        }).ToArray();

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.MeanDifference, Normand with { Sd1i = pooled, Sd2i = pooled });

        Published.Matches([-20, -2, -55, -71, -4, 1, 11, -10, 7], result.Yi, Tolerances.Algebra, "yi");
        Published.Matches([40.59, 2.05, 15.28, 150.22, 20.19, 1.22, 95.38, 8.03, 20.69], result.Vi, Tolerances.Printed2, "vi");
    }

    [Fact]
    public void Compute_MeanDifference_IsTheUnpooledClosedForm()
    {
        var result = EffectSizeCalculator.Compute("MD", Normand);

        for (var i = 0; i < result.K; i++)
        {
            var expected = (Normand.Sd1i![i] * Normand.Sd1i[i] / Normand.N1i![i]) + (Normand.Sd2i![i] * Normand.Sd2i[i] / Normand.N2i![i]);
            Assert.Equal(expected, result.Vi[i], Tolerances.Algebra);
        }
    }

    [Fact]
    public void Compute_StandardizedMeanDifferenceTwoPerGroup_UsesExactCorrectionOneOverSqrtPi()
    {
        // m = 2: c(2) = Γ(1) / (√1 Γ(1/2)) = 1/√π (the approximation 1 - 3/(4m - 1) would give 4/7).
        var input = new EffectSizeInput { M1i = [3], Sd1i = [2], N1i = [2], M2i = [1], Sd2i = [2], N2i = [2] };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, input);

        var g = 1 / Math.Sqrt(Math.PI);
        Assert.Equal(g, result.Yi[0], Tolerances.Algebra);
        Assert.Equal(0.5 + 0.5 + (g * g / 8), result.Vi[0], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_StandardizedMeanDifferenceLargeSample_FollowsTheAsymptoticSeriesOfTheCorrection()
    {
        // m = 1000: c(m) = 1 - 3/(4m) - 7/(32m²) + O(m⁻³), which the approximation 1 - 3/(4m - 1) misses by 3e-8.
        var input = new EffectSizeInput { M1i = [1], Sd1i = [1], N1i = [501], M2i = [0], Sd2i = [1], N2i = [501] };

        var result = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, input);

        const double m = 1000;
        Assert.Equal(1 - (3 / (4 * m)) - (7 / (32 * m * m)), result.Yi[0], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_SwappedGroups_NegatesStandardizedMeanDifferenceAndKeepsVariance()
    {
        var swapped = new EffectSizeInput { M1i = Normand.M2i, Sd1i = Normand.Sd2i, N1i = Normand.N2i, M2i = Normand.M1i, Sd2i = Normand.Sd1i, N2i = Normand.N1i };

        var forward = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, Normand);
        var backward = EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, swapped);

        Published.Matches(forward.Yi.Select(y => -y).ToArray(), backward.Yi, Tolerances.Algebra, "yi");
        Published.Matches(forward.Vi, backward.Vi, Tolerances.Algebra, "vi");
    }

    [Theory]
    [InlineData(0.0, "sd1i[1]")]
    [InlineData(-3.0, "sd1i[1]")]
    public void Compute_NonPositiveSd_ThrowsNamingTheRow(double sd, string field)
    {
        var input = Normand with { Sd1i = [47, sd, 17, 20, 8, 7, 45, 16, 27] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, input));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Compute_GroupOfOne_ThrowsNamingTheRow()
    {
        var input = Normand with { N2i = [156, 32, 71, 18, 1, 52, 33, 183, 52] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.MeanDifference, input));

        Assert.Equal("n2i[4]", error.Field);
    }

    [Theory]
    [InlineData(-5.0, 3.0, "m1i[0]")]
    [InlineData(5.0, 0.0, "m2i[0]")]
    public void Compute_RatioOfMeansWithoutCommonSign_ThrowsNamingTheMean(double m1, double m2, string field)
    {
        var input = new EffectSizeInput { M1i = [m1], Sd1i = [1], N1i = [10], M2i = [m2], Sd2i = [1], N2i = [10] };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.LogRatioOfMeans, input));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Compute_MissingColumn_ThrowsNamingIt()
    {
        var input = Normand with { Sd2i = null };

        var error = Assert.Throws<InvalidInputException>(() => EffectSizeCalculator.Compute(EffectSizeMeasure.StandardizedMeanDifference, input));

        Assert.Equal("sd2i", error.Field);
        Assert.Contains("SMD", error.Problem, StringComparison.Ordinal);
    }
}
