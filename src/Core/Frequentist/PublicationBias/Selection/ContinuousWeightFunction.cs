using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// A weight function that varies smoothly with p (every type but the step function). Its normalizing
/// constant A = ∫ w(p(y)) φ(y; m, S) dy has no closed form and is integrated numerically.
/// </summary>
/// <remarks>
/// <para>The integral is taken over z = (y - m)/S on [-38, 38] (beyond, φ(z) underflows) by a composite
/// 16-point Gauss-Legendre rule. The panels end at fixed z (unit steps in the bulk of φ) and at the y where
/// y/se is a multiple of 0.5 in [-8, 8], where w changes (for |y/se| &gt; 8, p is within 1e-15 of 0 or 1),
/// and at the p-value clamps. A fixed rule whose panel ends move smoothly with (m, S) makes A a smooth
/// function of the parameters, so the finite-difference Hessian the standard errors come from sees no
/// adaptive-quadrature noise; the panels are narrow enough that A is accurate to ~1e-14 relative.</para>
/// <para>Derivatives: ∂A/∂m = ∫ w φ(z) z/S dz, ∂A/∂S = ∫ w φ(z) (z² - 1)/S dz, ∂A/∂δ = ∫ ∂w/∂δ φ(z) dz, by the
/// same rule.</para>
/// <para>metafor clamps p to [1e-5, 1 - 1e-5] for the types whose weight diverges or vanishes at p = 0
/// or 1 (<see cref="ClampsPValues"/>: beta and power), both for the observed p and inside the integral.</para>
/// </remarks>
public abstract class ContinuousWeightFunction : SelectionWeightFunction
{
    /// <summary>metafor's <c>pval.min</c>: p is clamped to [PValueClamp, 1 - PValueClamp] where <see cref="ClampsPValues"/>.</summary>
    public const double PValueClamp = 1e-5;

    private const int Order = 16;
    private const double Reach = 38;
    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);
    private static readonly double ClampQuantile = -Normal.InvCDF(0, 1, PValueClamp);
    private static readonly double[] Nodes;
    private static readonly double[] NodeWeights;
    private static readonly double[] FixedBreaks;
    private static readonly double[] PValueBreaks;

    static ContinuousWeightFunction()
    {
        var rule = new GaussLegendreRule(-1, 1, Order);
        Nodes = rule.Abscissas.ToArray();
        NodeWeights = rule.Weights.ToArray();
        FixedBreaks = [-Reach, -20, -12, -10, .. Enumerable.Range(-8, 17).Select(z => (double)z), 10, 12, 20, Reach];
        PValueBreaks = Enumerable.Range(-16, 33).Select(t => t * 0.5).ToArray();
    }

    /// <summary>Whether observed and integrated p-values are clamped to [1e-5, 1 - 1e-5], as metafor does for this type.</summary>
    public virtual bool ClampsPValues => false;

    /// <summary>
    /// w(p; δ) and its gradient in δ. <paramref name="q"/> = 1 - p, passed separately so that weights of
    /// 1 - p keep their digits when p is close to 1.
    /// </summary>
    protected abstract double Weight(double p, double q, ReadOnlySpan<double> delta, Span<double> gradient);

    /// <inheritdoc />
    public override double[] InitialDeltas() => Enumerable.Repeat(1.0, DeltaCount).ToArray();

    /// <inheritdoc />
    public override double LogWeight(double p, ReadOnlySpan<double> delta, Span<double> gradient)
    {
        var (clampedP, q) = Clamp(p, 1 - p);
        var weight = Weight(clampedP, q, delta, gradient);
        for (var j = 0; j < gradient.Length; j++)
        {
            gradient[j] /= weight;
        }

        return Math.Log(weight);
    }

    /// <inheritdoc />
    public override double NormalizingConstant(double se, double mean, double sd, ReadOnlySpan<double> delta, out double dMean, out double dSd, Span<double> deltaGradient)
    {
        Span<double> breaks = stackalloc double[FixedBreaks.Length + PValueBreaks.Length + 2];
        var count = 0;
        foreach (var z in FixedBreaks)
        {
            breaks[count++] = z;
        }

        foreach (var t in PValueBreaks)
        {
            count = AddInside(breaks, count, ((se * t) - mean) / sd);
        }

        if (ClampsPValues)
        {
            count = AddInside(breaks, count, ((se * ClampQuantile) - mean) / sd);
            count = AddInside(breaks, count, ((-se * ClampQuantile) - mean) / sd);
        }

        breaks = breaks[..count];
        breaks.Sort();

        Span<double> weightGradient = stackalloc double[DeltaCount];
        deltaGradient.Clear();
        double total = 0, sumMean = 0, sumSd = 0;
        for (var b = 1; b < breaks.Length; b++)
        {
            var half = (breaks[b] - breaks[b - 1]) / 2;
            if (half < 1e-13)
            {
                continue;
            }

            var centre = (breaks[b] + breaks[b - 1]) / 2;
            for (var n = 0; n < Order; n++)
            {
                var z = centre + (half * Nodes[n]);
                var density = half * NodeWeights[n] * Math.Exp(-0.5 * z * z) * InverseSqrtTwoPi;
                var t = (mean + (sd * z)) / se;

                // One tail probability per node, taken on the side where it is small so both p and 1 - p are exact.
                double p, q;
                if (t >= 0)
                {
                    p = Normal.CDF(0, 1, -t);
                    q = 1 - p;
                }
                else
                {
                    q = Normal.CDF(0, 1, t);
                    p = 1 - q;
                }

                (p, q) = Clamp(p, q);
                var weight = Weight(p, q, delta, weightGradient) * density;
                total += weight;
                sumMean += weight * z;
                sumSd += weight * ((z * z) - 1);
                for (var j = 0; j < weightGradient.Length; j++)
                {
                    deltaGradient[j] += weightGradient[j] * density;
                }
            }
        }

        dMean = sumMean / sd;
        dSd = sumSd / sd;
        return total;
    }

    private (double P, double Q) Clamp(double p, double q)
    {
        if (!ClampsPValues)
        {
            return (p, q);
        }

        return p < PValueClamp ? (PValueClamp, 1 - PValueClamp)
            : p > 1 - PValueClamp ? (1 - PValueClamp, PValueClamp)
            : (p, q);
    }

    private static int AddInside(Span<double> breaks, int count, double z)
    {
        if (z > -Reach && z < Reach)
        {
            breaks[count++] = z;
        }

        return count;
    }
}
