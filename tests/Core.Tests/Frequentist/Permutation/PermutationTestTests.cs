using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Permutation;
using MetaAnalysis.Core.Tests.Bayesian.Models;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist.Permutation;

public class PermutationTestTests
{
    private static readonly EffectData Six = Bcg.LogRiskRatios().Subset([0, 1, 2, 3, 4, 5]);
    private static readonly double[] SixAblat = [44, 55, 42, 52, 13, 44];

    private static RandomEffectsOptions Options(string method, CoefficientTest test = CoefficientTest.Z) => new() { Method = method, Test = test };

    [Fact]
    public void Exact_Bcg8AblatReml_MatchesMetafor()
    {
        var reference = ReferenceCaseFile.Load("perm-bcg8-ablat-reml.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var design = DesignMatrix.Create(data.K, [Moderator.Continuous("ablat", reference.Moderator("ablat"))]);

        var result = PermutationTest.Exact(data, design, Options("REML"));

        var expected = reference.Expected;
        Assert.Equal(expected["n_perm"]!.GetValue<long>(), result.Arrangements);
        Assert.Equal(expected["pval"]![0]!.GetValue<double>(), result.PValues[0], 1e-12);
        Assert.Equal(expected["pval"]![1]!.GetValue<double>(), result.PValues[1], 1e-12);
        Assert.Equal(expected["qm_pval"]!.GetValue<double>(), result.ModeratorPValue, 1e-12);
    }

    [Theory]
    [InlineData("REML", CoefficientTest.Z)]
    [InlineData("DL", CoefficientTest.KnappHartung)]
    [InlineData("PM", CoefficientTest.Z)]
    public void Exact_InterceptOnly_EqualsRefittingEverySignFlipFromScratch(string method, CoefficientTest test)
    {
        var result = PermutationTest.Exact(Six, options: Options(method, test));

        var observed = RandomEffectsModel.Fit(Six, options: Options(method, test)).Coefficients[0].Statistic;
        var extreme = 0;
        for (var signs = 0; signs < 64; signs++)
        {
            var flipped = EffectData.Create(Six.Yi.Select((y, i) => ((signs >> i) & 1) == 1 ? -y : y).ToArray(), Six.Vi);
            var statistic = RandomEffectsModel.Fit(flipped, options: Options(method, test)).Coefficients[0].Statistic;
            extreme += Math.Abs(statistic) >= Math.Abs(observed) - PermutationTest.Tolerance ? 1 : 0;
        }

        Assert.Equal(64, result.Arrangements);
        Assert.Equal(extreme / 64.0, result.PValues[0]);
        Assert.Equal(observed, result.Statistics[0], 1e-12);
        Assert.True(result.Exact);
    }

    [Fact]
    public void Exact_ModeratorWithTies_EqualsRefittingEveryDistinctPermutationFromScratch()
    {
        // ablat 44 appears twice, so 6!/2! = 360 distinct designs.
        var design = DesignMatrix.Create(6, [Moderator.Continuous("ablat", SixAblat)]);
        var result = PermutationTest.Exact(Six, design, Options("REML"));

        var observed = RandomEffectsModel.Fit(Six, design, Options("REML"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (intercept, slope, moderator) = (0, 0, 0);
        foreach (var order in Permutations([0, 1, 2, 3, 4, 5]))
        {
            var values = order.Select(i => SixAblat[i]).ToArray();
            if (!seen.Add(string.Join(",", values)))
            {
                continue;
            }

            var fit = RandomEffectsModel.Fit(Six, DesignMatrix.Create(6, [Moderator.Continuous("ablat", values)]), Options("REML"));
            intercept += Math.Abs(fit.Coefficients[0].Statistic) >= Math.Abs(observed.Coefficients[0].Statistic) - PermutationTest.Tolerance ? 1 : 0;
            slope += Math.Abs(fit.Coefficients[1].Statistic) >= Math.Abs(observed.Coefficients[1].Statistic) - PermutationTest.Tolerance ? 1 : 0;
            moderator += fit.ModeratorTest.Statistic >= observed.ModeratorTest.Statistic - PermutationTest.Tolerance ? 1 : 0;
        }

        Assert.Equal(360, seen.Count);
        Assert.Equal(360, result.Arrangements);
        Assert.Equal(intercept / 360.0, result.PValues[0]);
        Assert.Equal(slope / 360.0, result.PValues[1]);
        Assert.Equal(moderator / 360.0, result.ModeratorPValue);
    }

    [Fact]
    public void Random_ManyDraws_AgreesWithTheExactTestWithinMonteCarloError()
    {
        var exact = PermutationTest.Exact(Six, options: Options("REML"));
        var random = PermutationTest.Random(Six, null, Options("REML"), 4000, seed: 7);
        var p = exact.PValues[0];

        Assert.False(random.Exact);
        Assert.Equal(4000, random.Arrangements);
        Assert.True(Math.Abs(random.PValues[0] - p) < 4 * Math.Sqrt(p * (1 - p) / 4000), $"random {random.PValues[0]} vs exact {p}");
    }

    [Fact]
    public void Random_SameSeed_GivesTheSameResultAndNeverBelowOneOverCount()
    {
        var design = DesignMatrix.Create(6, [Moderator.Continuous("ablat", SixAblat)]);
        var first = PermutationTest.Random(Six, design, Options("DL"), 50, seed: 3);
        var second = PermutationTest.Random(Six, design, Options("DL"), 50, seed: 3);

        Assert.Equal(first.PValues, second.PValues);
        Assert.All(first.PValues, pval => Assert.True(pval >= 1 / 50.0));
    }

    [Fact]
    public void Exact_TooManySignFlips_NamesExact()
    {
        var k = 25;
        var data = EffectData.Create(Enumerable.Range(0, k).Select(i => 0.1 * i).ToArray(), Enumerable.Repeat(0.05, k).ToArray());
        Assert.Equal("exact", Assert.Throws<InvalidInputException>(() => PermutationTest.Exact(data)).Field);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            foreach (var rest in Permutations(items.Where((_, j) => j != i).ToArray()))
            {
                yield return [items[i], .. rest];
            }
        }
    }
}
