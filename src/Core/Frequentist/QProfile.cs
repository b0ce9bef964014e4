using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// The Q-profile confidence interval for τ² (Viechtbauer 2007), as metafor's <c>confint</c> for
/// <c>rma.uni</c> fits, with the matching intervals for I² and H².
/// </summary>
/// <remarks>
/// <para>
/// The generalized Q(τ²) = Σ(yᵢ - xᵢ'b)²/(vᵢ + τ²) follows a chi-square on k - p degrees of freedom at
/// the true τ². The bounds solve Q(τ²_lower) = χ²_{k-p, 1-α/2} and Q(τ²_upper) = χ²_{k-p, α/2}. The
/// interval does not depend on the estimator (only on the data and design), as in metafor.
/// </para>
/// <para>
/// The search range is metafor's: [0, max(100, 10 τ̂²)]. When Q(0) is below the upper critical value the
/// lower bound is 0; when Q(0) is below the lower one the interval is empty and reported as [0, 0]; when
/// Q at the end of the range is still above a critical value that bound is reported as the range's end
/// (flagged). Inside the range each bound is found by Newton's method on the convex, decreasing Q
/// (<see cref="MetaRegressionProblem.SolveGeneralizedQ"/>) to rounding level.
/// </para>
/// <para>I² and H² bounds use the fit's typical variance ṽ: 100 τ²/(ṽ + τ²) and τ²/ṽ + 1.</para>
/// </remarks>
public static class QProfile
{
    /// <summary>The interval at <paramref name="level"/> for the model of <paramref name="fit"/>.</summary>
    public static HeterogeneityConfidenceInterval Compute(RandomEffectsFit fit, double level)
    {
        ArgumentNullException.ThrowIfNull(fit);
        Guard.Level(level, "level");
        if (!fit.Estimator.EstimatesHeterogeneity)
        {
            throw new InvalidInputException("method", "the equal-effects model has no τ² to give an interval for");
        }

        var problem = MetaRegressionProblem.Create(fit.Data, fit.Design);
        var df = problem.K - problem.P;
        var alpha = 1.0 - level;
        var criticalUpper = ChiSquared.InvCDF(df, 1.0 - (alpha / 2.0));
        var criticalLower = ChiSquared.InvCDF(df, alpha / 2.0);
        var searchMaximum = Math.Max(100.0, 10.0 * fit.Tau2);
        var qAtZero = problem.GeneralizedQ(0.0);
        var qAtMaximum = problem.GeneralizedQ(searchMaximum);

        double lower, upper;
        bool empty = false, upperBeyond = false, lowerBeyond = false;
        if (qAtZero < criticalLower)
        {
            (lower, upper, empty) = (0.0, 0.0, true);
        }
        else if (qAtMaximum > criticalLower)
        {
            (lower, upper, upperBeyond) = (0.0, searchMaximum, true);
        }
        else
        {
            lower = 0.0;
            upper = problem.SolveGeneralizedQ(criticalLower, 0.0).Tau2;
        }

        if (qAtMaximum > criticalUpper)
        {
            (lower, upper, lowerBeyond, upperBeyond) = (searchMaximum, searchMaximum, true, true);
        }
        else if (qAtZero >= criticalUpper)
        {
            lower = problem.SolveGeneralizedQ(criticalUpper, 0.0).Tau2;
        }

        var typical = fit.TypicalVariance;
        return new HeterogeneityConfidenceInterval(
            level,
            lower,
            upper,
            100.0 * lower / (typical + lower),
            100.0 * upper / (typical + upper),
            (lower / typical) + 1.0,
            (upper / typical) + 1.0,
            empty,
            upperBeyond,
            lowerBeyond);
    }
}
