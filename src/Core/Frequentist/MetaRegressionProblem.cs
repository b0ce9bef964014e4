using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// The input of a τ² estimator: effects yᵢ with sampling variances vᵢ and a design X, in the model
/// yᵢ = xᵢ'β + uᵢ + εᵢ, uᵢ ~ N(0, τ²), εᵢ ~ N(0, vᵢ). Holds the reusable least-squares workspace, so
/// an estimator's iterations allocate nothing.
/// </summary>
/// <remarks>An instance carries mutable scratch space: use it from one thread at a time.</remarks>
public sealed class MetaRegressionProblem
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly double[] scratch;
    private readonly double[] xColumnMajor;
    private double? logDeterminantOfCrossProduct;

    private MetaRegressionProblem(EffectData data, DesignMatrix design)
    {
        Data = data;
        Design = design;
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        scratch = new double[yi.Length];
        xColumnMajor = design.X.ToColumnMajorArray();
        Projection = new WeightedProjection(yi, xColumnMajor, design.Columns);
    }

    /// <summary>The effects.</summary>
    public EffectData Data { get; }

    /// <summary>The fixed-effects design (intercept-only for a random-effects model).</summary>
    public DesignMatrix Design { get; }

    /// <summary>Number of effects k.</summary>
    public int K => yi.Length;

    /// <summary>Number of coefficients p.</summary>
    public int P => Design.Columns;

    /// <summary>The sampling variances.</summary>
    internal ReadOnlySpan<double> Vi => vi;

    /// <summary>The effect sizes.</summary>
    internal ReadOnlySpan<double> Yi => yi;

    internal WeightedProjection Projection { get; }

    /// <summary>Pairs <paramref name="data"/> with <paramref name="design"/> (intercept-only when null).</summary>
    public static MetaRegressionProblem Create(EffectData data, DesignMatrix? design = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.K == 0)
        {
            throw new InvalidInputException("yi", "there are no effects");
        }

        design ??= DesignMatrix.InterceptOnly(data.K);
        if (design.Rows != data.K)
        {
            throw new InvalidInputException("moderators", $"the design has {design.Rows} rows but yi has {data.K} effects");
        }

        return new MetaRegressionProblem(data, design);
    }

    /// <summary>
    /// Overwrites the effects with <paramref name="effects"/> (k values) in place, keeping every buffer:
    /// permutation tests refit thousands of rearrangements of one data set and so allocate nothing per
    /// refit. <see cref="Data"/> keeps describing the data the problem was created with.
    /// </summary>
    internal void OverwriteEffects(ReadOnlySpan<double> effects) => effects.CopyTo(yi);

    /// <summary>
    /// Overwrites the design with the rows <paramref name="rows"/> of <paramref name="originalColumnMajor"/>
    /// (row i of the new design is row rows[i] of the original, column-major k x p), in place, as
    /// <see cref="OverwriteEffects"/>. <see cref="Design"/> keeps describing the original design.
    /// </summary>
    internal void OverwriteDesignRows(ReadOnlySpan<int> rows, ReadOnlySpan<double> originalColumnMajor)
    {
        var k = K;
        for (var c = 0; c < P; c++)
        {
            var column = c * k;
            for (var i = 0; i < k; i++)
            {
                xColumnMajor[column + i] = originalColumnMajor[column + rows[i]];
            }
        }

        logDeterminantOfCrossProduct = null;
    }

    /// <summary>Refits the workspace with the inverse-variance weights 1/(vᵢ + τ²).</summary>
    internal WeightedProjection FitAt(double tau2)
    {
        Projection.UpdateForTau2(vi, tau2, scratch);
        return Projection;
    }

    /// <summary>Refits the workspace with weights 1/vᵢ (the equal-effects fit).</summary>
    internal WeightedProjection FitEqualEffects() => FitAt(0.0);

    /// <summary>Refits the workspace by ordinary least squares (unit weights).</summary>
    internal WeightedProjection FitUnweighted()
    {
        Projection.Update(Projection.Ones);
        return Projection;
    }

    /// <summary>log det(X'X), for the restricted likelihood (computed once; refits the workspace the first time).</summary>
    internal double LogDeterminantOfCrossProduct
    {
        get
        {
            logDeterminantOfCrossProduct ??= FitUnweighted().LogDeterminantOfInformation;
            return logDeterminantOfCrossProduct.Value;
        }
    }

    /// <summary>The generalized Q statistic Σ (yᵢ - xᵢ'b)²/(vᵢ + τ²) with b the weighted estimate at τ².</summary>
    /// <remarks>Decreasing in τ²; the Paule-Mandel estimator and the Q-profile interval solve equations in it.</remarks>
    internal double GeneralizedQ(double tau2) => FitAt(tau2).ResidualQuadraticForm;

    /// <summary>
    /// Solves Q(τ²) = <paramref name="target"/> for τ² from a <paramref name="start"/> where Q(start) ≥ target.
    /// </summary>
    /// <remarks>
    /// Q(τ²) = y'P(τ²)y is decreasing (dQ/dτ² = -y'PPy) and convex (d²Q/dτ⁴ = 2y'PPPy ≥ 0), so Newton's
    /// method started left of the root moves right monotonically without overshooting and ends with
    /// quadratic convergence. It stops on the equation: when Q(τ²) - target is at the rounding level of
    /// the target, or when τ² no longer moves; neither depends on the scale of the sampling variances.
    /// </remarks>
    internal (double Tau2, int Iterations) SolveGeneralizedQ(double target, double start)
    {
        const int maximumIterations = 5000;
        var tau2 = start;
        for (var iteration = 1; iteration <= maximumIterations; iteration++)
        {
            var fit = FitAt(tau2);
            var excess = fit.ResidualQuadraticForm - target;
            var step = excess / fit.ProjectedQuadraticForm;
            if (!double.IsFinite(step) || step <= 0 || excess <= 1e-13 * target)
            {
                return (tau2, iteration);
            }

            tau2 += step;
            if (step <= 1e-15 * tau2)
            {
                return (tau2, iteration);
            }
        }

        throw new ConvergenceException($"the root of the generalized Q equation was not found in {maximumIterations} iterations");
    }
}
