using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// The step function of Vevea and Hedges (1995), metafor's <c>stepfun</c>: w(p) = δⱼ for s_{j-1} &lt; p ≤ sⱼ
/// (s₀ = 0), with δ₁ = 1 fixed so the other weights are relative to the most significant interval.
/// </summary>
/// <remarks>
/// A = Σⱼ δⱼ Pⱼ in closed form: interval j holds the y with -se Φ⁻¹(sⱼ) ≤ y &lt; -se Φ⁻¹(s_{j-1}), so with
/// standardized ends u, l of that range Pⱼ = Φ(u) - Φ(l), ∂Pⱼ/∂m = -(φ(u) - φ(l))/S and
/// ∂Pⱼ/∂S = -(u φ(u) - l φ(l))/S. Like metafor, a last cut point below 1 gets 1 appended.
/// </remarks>
public sealed class StepWeightFunction : SelectionWeightFunction
{
    private readonly double[] steps;
    private readonly double[] quantiles;

    /// <summary>The step function with cut points <paramref name="cutPoints"/> (increasing inside (0, 1]).</summary>
    public StepWeightFunction(IReadOnlyList<double> cutPoints)
    {
        ArgumentNullException.ThrowIfNull(cutPoints);
        if (cutPoints.Count == 0)
        {
            throw new InvalidInputException("steps", "the step function needs at least one cut point");
        }

        for (var j = 0; j < cutPoints.Count; j++)
        {
            if (!(cutPoints[j] > 0 && cutPoints[j] <= 1) || (j > 0 && !(cutPoints[j] > cutPoints[j - 1])))
            {
                throw new InvalidInputException(Guard.Element("steps", j), "cut points must increase strictly inside (0, 1]");
            }
        }

        steps = cutPoints[^1] < 1 ? [.. cutPoints, 1.0] : cutPoints.ToArray();
        if (steps.Length < 2)
        {
            throw new InvalidInputException("steps", "the step function needs a cut point below 1 (one interval leaves nothing to estimate)");
        }

        quantiles = steps.Select(s => s < 1 ? Normal.InvCDF(0, 1, s) : double.PositiveInfinity).ToArray();
    }

    /// <summary>The cut points, the last being 1.</summary>
    public IReadOnlyList<double> Steps => steps;

    /// <inheritdoc />
    public override string Type => "stepfun";

    /// <inheritdoc />
    public override int DeltaCount => steps.Length;

    /// <inheritdoc />
    public override bool IsFixed(int j) => j == 0;

    /// <inheritdoc />
    public override double[] InitialDeltas() => Enumerable.Repeat(1.0, steps.Length).ToArray();

    /// <summary>
    /// Requires an observed p-value in every interval: the weight of an interval no study falls in has no
    /// information and its estimate runs to a bound, so (as metafor does) such a model is refused.
    /// </summary>
    /// <exception cref="InvalidInputException">An interval holds none of <paramref name="pValues"/> (field <c>steps</c>).</exception>
    public void RequireEveryIntervalObserved(IEnumerable<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var seen = new bool[steps.Length];
        foreach (var p in pValues)
        {
            seen[IntervalOf(p)] = true;
        }

        var empty = Array.IndexOf(seen, false);
        if (empty >= 0)
        {
            var lower = empty == 0 ? 0 : steps[empty - 1];
            throw new InvalidInputException(
                "steps",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no study's one-sided p-value lies in ({lower:0.####}, {steps[empty]:0.####}]; merge that interval with a neighbour"));
        }
    }

    /// <summary>The interval (0-based) of one-sided p-value <paramref name="p"/>: the first j with p ≤ sⱼ.</summary>
    public int IntervalOf(double p)
    {
        for (var j = 0; j < steps.Length - 1; j++)
        {
            if (p <= steps[j])
            {
                return j;
            }
        }

        return steps.Length - 1;
    }

    /// <inheritdoc />
    public override double LogWeight(double p, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        gradient.Clear();
        var j = IntervalOf(p);
        gradient[j] = 1 / delta[j];
        return Math.Log(delta[j]);
    }

    /// <inheritdoc />
    public override double NormalizingConstant(double se, double mean, double sd, ReadOnlySpan<double> delta, out double dMean, out double dSd, Span<double> deltaGradient)
    {
        var total = 0.0;
        dMean = 0;
        dSd = 0;

        // Interval j runs from the threshold of sⱼ (below) up to that of s_{j-1}; walking the intervals in
        // order, each interval's upper end is the previous one's lower end.
        var upper = double.PositiveInfinity;
        var upperDensity = 0.0;
        var upperMoment = 0.0;
        for (var j = 0; j < steps.Length; j++)
        {
            var lower = double.IsPositiveInfinity(quantiles[j]) ? double.NegativeInfinity : ((-se * quantiles[j]) - mean) / sd;
            var lowerDensity = double.IsInfinity(lower) ? 0 : Normal.PDF(0, 1, lower);
            var lowerMoment = double.IsInfinity(lower) ? 0 : lower * lowerDensity;
            var probability = Probability(lower, upper);
            deltaGradient[j] = probability;
            total += delta[j] * probability;
            dMean -= delta[j] * (upperDensity - lowerDensity) / sd;
            dSd -= delta[j] * (upperMoment - lowerMoment) / sd;
            upper = lower;
            upperDensity = lowerDensity;
            upperMoment = lowerMoment;
        }

        return total;
    }

    /// <summary>Φ(upper) - Φ(lower), from the upper tails when both ends are positive so a small difference keeps its digits.</summary>
    private static double Probability(double lower, double upper) =>
        lower > 0 ? Normal.CDF(0, 1, -lower) - Normal.CDF(0, 1, -upper) : Normal.CDF(0, 1, upper) - Normal.CDF(0, 1, lower);
}
