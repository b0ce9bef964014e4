using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>Refits of a model to subsets of its effects, shared by the leave-one-out, influence and cumulative analyses.</summary>
internal static class SubsetFits
{
    /// <summary>The model of <paramref name="fit"/> refitted to the effects at <paramref name="rows"/>, with the same options.</summary>
    public static RandomEffectsFit Refit(RandomEffectsFit fit, IReadOnlyList<int> rows, RandomEffectsOptions? options = null) =>
        RandomEffectsModel.Fit(fit.Data.Subset(rows), fit.Design.Subset(rows), options ?? fit.Options);

    /// <summary>All rows but <paramref name="left"/>.</summary>
    public static int[] AllBut(int k, int left)
    {
        var rows = new int[k - 1];
        for (int i = 0, j = 0; i < k; i++)
        {
            if (i != left)
            {
                rows[j++] = i;
            }
        }

        return rows;
    }

    /// <summary>Refuses moderator models for analyses that metafor defines for a pooled estimate only.</summary>
    public static void RequireInterceptOnly(RandomEffectsFit fit, string analysis)
    {
        if (fit.Design.HasModerators || !fit.Design.HasIntercept)
        {
            throw new InvalidInputException("moderators", $"{analysis} is defined for models without moderators (an intercept only)");
        }
    }

    /// <summary>Requires that every fit leaving one effect out still has enough effects for the model.</summary>
    public static void RequireOneToSpare(RandomEffectsFit fit, string analysis)
    {
        var needed = fit.Estimator.EstimatesHeterogeneity ? fit.P + 1 : fit.P;
        Guard.AtLeast(fit.K, Math.Max(1, needed) + 1, "yi", $"{analysis} with the {fit.Method} model and {fit.P} coefficient(s)");
    }

    /// <summary>
    /// The options for a subset too small to estimate τ²: as metafor with a single study, τ² is 0 and the
    /// test falls back to z.
    /// </summary>
    public static RandomEffectsOptions ForSingleStudy(RandomEffectsOptions options) =>
        options with { Method = new EqualEffects().Code, Test = CoefficientTest.Z };
}
