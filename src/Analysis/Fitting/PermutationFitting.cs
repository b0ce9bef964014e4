using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Permutation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The permutation test of a frequentist random-effects model or meta-regression (metafor's permutest),
/// decided as metafor decides it: every distinct arrangement when they number at most the spec's iterations,
/// else that many random ones with its seed.
/// </summary>
internal static class PermutationFitting
{
    public static PermutationPValues Test(ValidatedAnalysis analysis, RandomEffectsOptions options, PermutationSettings settings)
    {
        var exact = PermutationTest.ArrangementCount(analysis.Design) <= settings.Iterations;
        var test = exact
            ? PermutationTest.Exact(analysis.Data.Effects, analysis.Design, options)
            : PermutationTest.Random(analysis.Data.Effects, analysis.Design, options, settings.Iterations, settings.Seed);
        var result = new PermutationPValues
        {
            Exact = test.Exact,
            Arrangements = test.Arrangements,
            FailedRefits = test.FailedRefits,
            Seed = test.Exact ? 0UL : (ulong)settings.Seed,
        };
        result.PValues.AddRange(test.PValues);
        if (analysis.Design.HasModerators)
        {
            result.ModeratorPValue = test.ModeratorPValue;
        }

        return result;
    }
}
