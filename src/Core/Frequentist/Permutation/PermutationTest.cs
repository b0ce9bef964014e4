using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Permutation;

/// <summary>
/// Permutation tests of the coefficients of a random-effects model or meta-regression, metafor's
/// <c>permutest(fit)</c>: the model is refitted (same τ² method, same test) to rearrangements of the
/// data that the null hypothesis makes equally likely, and each p-value is the share of rearrangements
/// whose statistic is at least as extreme as the observed one.
/// </summary>
/// <remarks>
/// <para>
/// Without moderators the rearrangements are the 2^k sign flips of the effects (under H0: μ = 0 each
/// effect is symmetric about 0); with moderators they are the permutations of the design's rows against
/// the fixed effects and variances (under H0 the moderators carry no information), each distinct design
/// once (k!/Π m_j! when rows repeat m_j times).
/// </para>
/// <para>
/// "At least as extreme" is |stat| ≥ |stat_obs| - 1.49e-8 (and QM ≥ QM_obs - 1.49e-8), metafor's
/// tolerance √ε of the double epsilon, so that the arrangements equivalent to the observed one (the
/// identity, the total sign flip) count whatever the rounding of their refits.
/// </para>
/// <para>
/// The random mode draws <c>count</c> arrangements from a seeded generator; as in metafor the first is
/// the observed data, so no p-value is below 1/count.
/// </para>
/// </remarks>
public static class PermutationTest
{
    /// <summary>metafor's comparison tolerance, √(2.22e-16).</summary>
    public static readonly double Tolerance = Math.Sqrt(2.220446049250313e-16);

    /// <summary>The most arrangements an exact test will enumerate; beyond it use <see cref="Random"/>.</summary>
    public const long MaximumExactArrangements = 1L << 24;

    /// <summary>
    /// The exact test over every distinct arrangement. Throws <see cref="InvalidInputException"/> naming
    /// <c>exact</c> when there are more than <see cref="MaximumExactArrangements"/>, and as
    /// <see cref="RandomEffectsModel.Fit"/> for the model itself.
    /// </summary>
    public static PermutationTestResult Exact(EffectData data, DesignMatrix? design = null, RandomEffectsOptions? options = null)
    {
        var (setup, refitter) = Prepare(data, design, options);
        var observed = setup.InterceptOnly ? refitter.WithFlippedSigns(0) : refitter.WithDesignRows(Identity(data.K));
        var tally = new Tally(observed);
        if (setup.InterceptOnly)
        {
            if (data.K > 24)
            {
                throw new InvalidInputException("exact", $"an exact test of k = {data.K} effects needs 2^{data.K} sign flips, more than {MaximumExactArrangements}; use a random permutation test");
            }

            // Flipping every sign mirrors the fit (b → -b, same τ², same |z| and QM), so each flip pattern
            // with the last study unflipped stands for itself and its mirror: half the refits.
            for (var signs = 0UL; signs < 1UL << (data.K - 1); signs++)
            {
                tally.Add(() => refitter.WithFlippedSigns(signs), multiplicity: 2);
            }
        }
        else
        {
            var (labels, members) = RowGroups(setup.Design);
            var count = DistinctPermutations.Count(labels);
            if (count > MaximumExactArrangements)
            {
                throw new InvalidInputException("exact", $"an exact test needs {count} permutations of the design's rows, more than {MaximumExactArrangements}; use a random permutation test");
            }

            var rows = new int[data.K];
            var next = new int[members.Length];
            DistinctPermutations.ForEach(labels, arrangement =>
            {
                Array.Clear(next);
                for (var i = 0; i < arrangement.Length; i++)
                {
                    var group = arrangement[i];
                    rows[i] = members[group][next[group]++];
                }

                tally.Add(() => refitter.WithDesignRows(rows));
            });
        }

        return tally.Result(exact: true);
    }

    /// <summary>
    /// The test over <paramref name="count"/> random arrangements (the first the observed data) drawn
    /// with <paramref name="seed"/>: random sign flips without moderators, uniformly random row
    /// permutations with them. Throws <see cref="InvalidInputException"/> naming <c>iterations</c> when
    /// <paramref name="count"/> is below 2.
    /// </summary>
    public static PermutationTestResult Random(EffectData data, DesignMatrix? design, RandomEffectsOptions? options, int count, int seed)
    {
        if (count < 2)
        {
            throw new InvalidInputException("iterations", $"a random permutation test needs at least 2 arrangements, got {count}");
        }

        var (setup, refitter) = Prepare(data, design, options);
        if (setup.InterceptOnly && data.K > 64)
        {
            throw new InvalidInputException("yi", $"random sign flips are supported for at most 64 effects, got {data.K}");
        }

        var identity = Identity(data.K);
        var observed = setup.InterceptOnly ? refitter.WithFlippedSigns(0) : refitter.WithDesignRows(identity);
        var tally = new Tally(observed);
        tally.Add(() => observed);
        var random = new Random(seed);
        var rows = new int[data.K];
        for (var draw = 1; draw < count; draw++)
        {
            if (setup.InterceptOnly)
            {
                var signs = 0UL;
                for (var i = 0; i < data.K; i++)
                {
                    signs |= (ulong)random.Next(2) << i;
                }

                tally.Add(() => refitter.WithFlippedSigns(signs));
            }
            else
            {
                identity.CopyTo(rows, 0);
                random.Shuffle(rows);
                tally.Add(() => refitter.WithDesignRows(rows));
            }
        }

        return tally.Result(exact: false);
    }

    /// <summary>
    /// How many distinct arrangements an exact test enumerates: 2^k sign flips without moderators, k!/Π m_j!
    /// permutations of the design's rows with them (m_j the multiplicities of identical rows). metafor's
    /// <c>permutest</c> is exact when this is at most its <c>iter</c>.
    /// </summary>
    public static System.Numerics.BigInteger ArrangementCount(DesignMatrix design)
    {
        ArgumentNullException.ThrowIfNull(design);
        return design.HasIntercept && !design.HasModerators
            ? System.Numerics.BigInteger.Pow(2, design.Rows)
            : DistinctPermutations.Count(RowGroups(design).Labels);
    }

    private static (Setup Setup, PermutationRefitter Refitter) Prepare(EffectData data, DesignMatrix? design, RandomEffectsOptions? options)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= RandomEffectsOptions.Default;
        design ??= DesignMatrix.InterceptOnly(data.K);

        // The ordinary fit validates everything a refit relies on (method, test, design, k).
        RandomEffectsModel.Fit(data, design, options);
        if (options.Test == CoefficientTest.T)
        {
            throw new InvalidInputException("test", "permutation tests take z or Knapp-Hartung statistics");
        }

        var interceptOnly = design.HasIntercept && !design.HasModerators;
        var refitter = new PermutationRefitter(data, design, Tau2Estimators.FromCode(options.Method), options.Test);
        return (new Setup(design, interceptOnly), refitter);
    }

    private static int[] Identity(int k) => Enumerable.Range(0, k).ToArray();

    /// <summary>Each row's group of identical rows (numbered in order of first appearance), and each group's rows.</summary>
    private static (int[] Labels, int[][] Members) RowGroups(DesignMatrix design)
    {
        var x = design.X;
        var labels = new int[design.Rows];
        var members = new List<List<int>>();
        for (var i = 0; i < design.Rows; i++)
        {
            var group = members.FindIndex(m => Enumerable.Range(0, design.Columns).All(c => x[m[0], c] == x[i, c]));
            if (group < 0)
            {
                group = members.Count;
                members.Add([]);
            }

            members[group].Add(i);
            labels[i] = group;
        }

        return (labels, members.Select(m => m.ToArray()).ToArray());
    }

    private sealed record Setup(DesignMatrix Design, bool InterceptOnly);

    /// <summary>Counts, per statistic, the arrangements at least as extreme as the observed one.</summary>
    private sealed class Tally(ArrangementStatistics observed)
    {
        private readonly long[] extreme = new long[observed.Statistics.Length];
        private long moderatorExtreme;
        private long refitted;
        private long failed;

        public void Add(Func<ArrangementStatistics> refit, int multiplicity = 1)
        {
            ArrangementStatistics statistics;
            try
            {
                statistics = refit();
            }
            catch (ConvergenceException)
            {
                failed += multiplicity;
                return;
            }

            refitted += multiplicity;
            for (var j = 0; j < extreme.Length; j++)
            {
                if (Math.Abs(statistics.Statistics[j]) >= Math.Abs(observed.Statistics[j]) - Tolerance)
                {
                    extreme[j] += multiplicity;
                }
            }

            if (statistics.ModeratorStatistic >= observed.ModeratorStatistic - Tolerance)
            {
                moderatorExtreme += multiplicity;
            }
        }

        public PermutationTestResult Result(bool exact) => new(
            observed.Beta,
            observed.Statistics,
            observed.ModeratorStatistic,
            extreme.Select(e => (double)e / refitted).ToArray(),
            (double)moderatorExtreme / refitted,
            refitted + failed,
            failed,
            exact);
    }
}
