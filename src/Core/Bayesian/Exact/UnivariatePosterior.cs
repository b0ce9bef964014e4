using MathNet.Numerics.Distributions;
using MathNet.Numerics.RootFinding;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The exact posterior of one scalar quantity, given by its distribution function and density: every
/// summary (quantiles, central and highest-density intervals, tail probabilities) is computed from them
/// to near machine precision, with no sampling.
/// </summary>
public abstract class UnivariatePosterior
{
    private const double RelativeAccuracy = 1e-12;

    /// <summary>Posterior mean.</summary>
    public abstract double Mean { get; }

    /// <summary>Posterior variance.</summary>
    public abstract double Variance { get; }

    /// <summary>Posterior standard deviation.</summary>
    public double Sd => Math.Sqrt(Math.Max(Variance, 0));

    /// <summary>The smallest value with positive density (−∞ for location parameters, 0 for standard deviations).</summary>
    public virtual double SupportLower => double.NegativeInfinity;

    /// <summary>The largest value with positive density.</summary>
    public virtual double SupportUpper => double.PositiveInfinity;

    /// <summary>P(X ≤ <paramref name="x"/>).</summary>
    public abstract double Cdf(double x);

    /// <summary>The posterior density at <paramref name="x"/>.</summary>
    public abstract double Density(double x);

    /// <summary>The posterior median.</summary>
    public double Median => Quantile(0.5);

    /// <summary>P(X &gt; <paramref name="threshold"/>).</summary>
    public double ProbabilityAbove(double threshold)
    {
        Guard.Finite(threshold, "threshold");
        return 1 - Cdf(threshold);
    }

    /// <summary>The <paramref name="probability"/> quantile, found by safeguarded Newton steps on the distribution function.</summary>
    public virtual double Quantile(double probability)
    {
        Guard.Level(probability, "probability");
        var x = Math.Clamp(InitialQuantile(probability), SupportLower, SupportUpper);
        double low = SupportLower, high = SupportUpper;
        var scale = Math.Max(Sd, double.Epsilon);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var residual = Cdf(x) - probability;
            if (residual == 0)
            {
                return x;
            }

            if (residual < 0)
            {
                low = x;
            }
            else
            {
                high = x;
            }

            var density = Density(x);
            var next = density > 0 ? x - (residual / density) : double.NaN;
            if (Math.Abs(next - x) <= RelativeAccuracy * (Math.Abs(x) + Sd))
            {
                return next;
            }

            if (!(next > low && next < high))
            {
                // Newton left the bracket: bisect it, or walk out of an open end.
                next = double.IsFinite(low) && double.IsFinite(high) ? 0.5 * (low + high)
                    : double.IsFinite(low) ? x + scale
                    : x - scale;
                scale *= 2;
            }

            if (high - low <= RelativeAccuracy * (Math.Abs(x) + Sd))
            {
                return next;
            }

            x = next;
        }

        return x;
    }

    /// <summary>The equal-tailed interval holding <paramref name="level"/> of the posterior mass.</summary>
    public CredibleInterval CentralInterval(double level)
    {
        Guard.Level(level, "level");
        return new CredibleInterval(Quantile((1 - level) / 2), Quantile((1 + level) / 2), level);
    }

    /// <summary>
    /// The shortest interval holding <paramref name="level"/> of the posterior mass (the highest-density
    /// interval of a unimodal posterior): its ends have equal density, or its lower end is the lower end
    /// of the support when the density decreases from there.
    /// </summary>
    public CredibleInterval HighestDensityInterval(double level)
    {
        Guard.Level(level, "level");
        return HighestDensity(level, CentralInterval(level));
    }

    /// <summary>All summaries at credible level <paramref name="level"/>, with P(X &gt; <paramref name="threshold"/>).</summary>
    public PosteriorSummary Summarize(double level = 0.95, double threshold = 0)
    {
        Guard.Level(level, "level");
        Guard.Finite(threshold, "threshold");
        var central = CentralInterval(level);
        return new PosteriorSummary(
            Mean,
            Sd,
            Median,
            central,
            HighestDensity(level, central),
            1 - Cdf(0),
            threshold,
            1 - Cdf(threshold));
    }

    /// <summary>A first guess of a quantile; the normal approximation unless a subclass knows better.</summary>
    protected virtual double InitialQuantile(double probability) => Mean + (Sd * Normal.InvCDF(0, 1, probability));

    /// <summary>The slope of the density at <paramref name="x"/>; a central difference unless a subclass knows it exactly.</summary>
    protected virtual double DensitySlope(double x)
    {
        var h = 1e-5 * Sd;
        var below = Math.Max(x - h, SupportLower);
        var above = Math.Min(x + h, SupportUpper);
        return (Density(above) - Density(below)) / (above - below);
    }

    /// <summary>The highest-density interval, starting from the central interval at the same level.</summary>
    /// <remarks>
    /// When the density at the lower end of the support is at least the density at the level quantile
    /// (a standard deviation whose posterior decreases from 0), the interval starts there. Otherwise
    /// Newton's method solves F(b) − F(a) = level, f(a) = f(b) from the central interval; should it not
    /// converge (a posterior far from unimodal), a bracketing search on a with b(a) = F⁻¹(F(a) + level)
    /// takes over.
    /// </remarks>
    protected virtual CredibleInterval HighestDensity(double level, CredibleInterval central)
    {
        if (double.IsFinite(SupportLower))
        {
            var upperEnd = Quantile(level);
            if (Density(SupportLower) >= Density(upperEnd))
            {
                return new CredibleInterval(SupportLower, upperEnd, level);
            }
        }

        double a = central.Lower, b = central.Upper;
        for (var iteration = 0; iteration < 30; iteration++)
        {
            double fa = Density(a), fb = Density(b), slopeA = DensitySlope(a), slopeB = DensitySlope(b);
            var massGap = Cdf(b) - Cdf(a) - level;
            var densityGap = fb - fa;

            // Newton step for (F(b) − F(a) − level, f(b) − f(a)) in (a, b).
            var determinant = (-fa * slopeB) + (fb * slopeA);
            if (!(Math.Abs(determinant) > 0))
            {
                break;
            }

            var stepA = ((massGap * slopeB) - (fb * densityGap)) / determinant;
            var stepB = ((massGap * slopeA) - (fa * densityGap)) / determinant;
            a -= stepA;
            b -= stepB;
            if (!(b > a) || a < SupportLower || b > SupportUpper)
            {
                break;
            }

            if (Math.Abs(stepA) + Math.Abs(stepB) <= RelativeAccuracy * (Math.Abs(a) + Math.Abs(b) + Sd))
            {
                return new CredibleInterval(a, b, level);
            }
        }

        return HighestDensityBySearch(level, central);
    }

    private CredibleInterval HighestDensityBySearch(double level, CredibleInterval central)
    {
        // The interval [a, b(a)] with b(a) the quantile F(a) + level is shortest where f(a) = f(b(a)).
        double UpperEnd(double a) => Quantile(Math.Min(Cdf(a) + level, 1 - 1e-15));
        double Imbalance(double a) => Density(UpperEnd(a)) - Density(a);
        var lowest = double.IsFinite(SupportLower) ? SupportLower : Quantile(1e-12);
        var highest = Quantile(1 - level - 1e-12);
        if (Imbalance(lowest) <= 0)
        {
            return new CredibleInterval(lowest, UpperEnd(lowest), level);
        }

        if (Imbalance(highest) >= 0)
        {
            return central;
        }

        var accuracy = 1e-13 * (Math.Abs(central.Lower) + Sd);
        if (!Brent.TryFindRoot(Imbalance, lowest, highest, accuracy, 200, out var root))
        {
            root = Bisection.FindRoot(Imbalance, lowest, highest, accuracy * 1e3, 400);
        }

        return new CredibleInterval(root, UpperEnd(root), level);
    }
}
