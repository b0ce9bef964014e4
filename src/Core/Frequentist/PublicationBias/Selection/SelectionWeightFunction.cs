using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// The weight function w(p; δ) of a selection model: the relative probability that a study with one-sided
/// p-value p is observed. Each weight function also gives the normalizing constant
/// A = ∫ w(p(y)) φ(y; m, S) dy of a study, because its best form (closed or numerical) depends on w.
/// </summary>
/// <remarks>
/// Everything here is in the orientation of <see cref="SelectionAlternative.Greater"/>: p(y) = Φ(-y/se). The
/// likelihood turns a <see cref="SelectionAlternative.Less"/> model into that orientation by negating y and
/// the mean, which leaves the normal density unchanged and maps p = Φ(y/se) onto Φ(-(-y)/se).
/// The δ reported are metafor's parameterisation of each type; δ fixed by the type (the first step
/// function weight) are part of the vector but never estimated.
/// </remarks>
public abstract class SelectionWeightFunction
{
    /// <summary>metafor's <c>type</c> code (<c>stepfun</c>, <c>beta</c>, ...).</summary>
    public abstract string Type { get; }

    /// <summary>Length of the δ vector, fixed entries included.</summary>
    public abstract int DeltaCount { get; }

    /// <summary>Whether δ[j] is fixed by the type rather than estimated.</summary>
    public virtual bool IsFixed(int j) => false;

    /// <summary>The smallest δ[j] metafor allows.</summary>
    public virtual double LowerBound(int j) => 0.0;

    /// <summary>The largest δ[j] metafor allows.</summary>
    public virtual double UpperBound(int j) => 100.0;

    /// <summary>
    /// The optimizer's start, next to the ordinary random-effects fit: δ = 1 throughout, which is no
    /// selection for the step and beta functions and a mild one, inside the bounds, for the others; fixed
    /// entries at their fixed values.
    /// </summary>
    public abstract double[] InitialDeltas();

    /// <summary>Number of estimated δ (the degrees of freedom of the likelihood-ratio test).</summary>
    public int FreeDeltaCount => Enumerable.Range(0, DeltaCount).Count(j => !IsFixed(j));

    /// <summary>log w(p; δ) of an observed study with one-sided p-value <paramref name="p"/>, and its gradient in δ.</summary>
    public abstract double LogWeight(double p, ReadOnlySpan<double> delta, Span<double> gradient);

    /// <summary>
    /// A = ∫ w(Φ(-y/<paramref name="se"/>); δ) φ(y; <paramref name="mean"/>, <paramref name="sd"/>²) dy and its
    /// derivatives in the mean, in the standard deviation and in δ (<paramref name="deltaGradient"/>).
    /// </summary>
    public abstract double NormalizingConstant(double se, double mean, double sd, ReadOnlySpan<double> delta, out double dMean, out double dSd, Span<double> deltaGradient);

    /// <summary>
    /// The weight function of metafor's <paramref name="type"/> code; <paramref name="steps"/> are the cut
    /// points of <c>stepfun</c> (increasing, the last 1) and must be absent for the other types.
    /// </summary>
    public static SelectionWeightFunction FromType(string type, IReadOnlyList<double>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type != "stepfun" && steps is { Count: > 0 })
        {
            throw new InvalidInputException("steps", $"only the step function takes cut points, not '{type}'");
        }

        return type switch
        {
            "stepfun" => new StepWeightFunction(steps ?? throw new InvalidInputException("steps", "the step function needs its cut points")),
            "beta" => new BetaWeightFunction(),
            "halfnorm" => new HalfNormalWeightFunction(),
            "negexp" => new NegativeExponentialWeightFunction(),
            "logistic" => new LogisticWeightFunction(),
            "power" => new PowerWeightFunction(),
            _ => throw new InvalidInputException("type", $"'{type}' is not a selection model type (stepfun, beta, halfnorm, negexp, logistic, power)"),
        };
    }
}
