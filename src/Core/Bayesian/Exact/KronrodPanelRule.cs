using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The 15-point Gauss–Kronrod rule on [-1, 1] (nodes ascending), with its embedded 7-point Gauss rule
/// for the error estimate, and the Legendre interpolant through the 15 nodes. The interpolant lets the
/// engine read a posterior's distribution function and density anywhere inside a panel from the values
/// already computed for the integral, without evaluating the likelihood again.
/// </summary>
/// <remarks>
/// The interpolant p(x) = Σ c_n P_n(x), n = 0..14, is integrated exactly by the Kronrod rule (degree 22),
/// so ∫ p over the panel equals the panel's Kronrod estimate and the distribution function is continuous
/// across panels. Its antiderivative uses ∫_{-1}^{x} P_n = (P_{n+1}(x) - P_{n-1}(x)) / (2n + 1) for n ≥ 1.
/// </remarks>
internal static class KronrodPanelRule
{
    /// <summary>Number of nodes per panel.</summary>
    public const int Points = 15;

    private static readonly double[] AbscissaValues;
    private static readonly double[] KronrodWeightValues;
    private static readonly double[] GaussWeightValues;
    private static readonly double[] InterpolationMatrix;

    static KronrodPanelRule()
    {
        var rule = new GaussKronrodRule(Points);
        var half = rule.KronrodAbscissas; // 0 first, then the positive nodes ascending
        var kronrod = rule.KronrodWeights;
        var gauss = rule.GaussWeights; // for the nodes 0, x2, x4, x6 of the half list
        AbscissaValues = new double[Points];
        KronrodWeightValues = new double[Points];
        GaussWeightValues = new double[Points];
        var centre = Points / 2;
        for (var j = 0; j < half.Length; j++)
        {
            AbscissaValues[centre + j] = half[j];
            AbscissaValues[centre - j] = -half[j];
            KronrodWeightValues[centre + j] = kronrod[j];
            KronrodWeightValues[centre - j] = kronrod[j];
            if (j % 2 == 0)
            {
                GaussWeightValues[centre + j] = gauss[j / 2];
                GaussWeightValues[centre - j] = gauss[j / 2];
            }
        }

        var vandermonde = Matrix<double>.Build.Dense(Points, Points, (m, n) => Legendre(n, AbscissaValues[m]));
        var inverse = vandermonde.Inverse();
        InterpolationMatrix = new double[Points * Points];
        for (var n = 0; n < Points; n++)
        {
            for (var m = 0; m < Points; m++)
            {
                InterpolationMatrix[(n * Points) + m] = inverse[n, m];
            }
        }
    }

    /// <summary>The nodes on [-1, 1], ascending.</summary>
    public static ReadOnlySpan<double> Abscissas => AbscissaValues;

    /// <summary>The Kronrod weights, one per node.</summary>
    public static ReadOnlySpan<double> KronrodWeights => KronrodWeightValues;

    /// <summary>The embedded Gauss weights (0 at the Kronrod-only nodes).</summary>
    public static ReadOnlySpan<double> GaussWeights => GaussWeightValues;

    /// <summary>Legendre coefficients of the polynomial through <paramref name="values"/> at the nodes.</summary>
    public static double[] LegendreCoefficients(ReadOnlySpan<double> values)
    {
        var coefficients = new double[Points];
        for (var n = 0; n < Points; n++)
        {
            var sum = 0.0;
            for (var m = 0; m < Points; m++)
            {
                sum += InterpolationMatrix[(n * Points) + m] * values[m];
            }

            coefficients[n] = sum;
        }

        return coefficients;
    }

    /// <summary>The interpolant at <paramref name="x"/> in [-1, 1].</summary>
    public static double Interpolate(ReadOnlySpan<double> coefficients, double x)
    {
        double previous = 1, current = x;
        var sum = coefficients[0] + (coefficients[1] * x);
        for (var n = 1; n < Points - 1; n++)
        {
            var next = (((2 * n) + 1) * x * current - (n * previous)) / (n + 1);
            previous = current;
            current = next;
            sum += coefficients[n + 1] * current;
        }

        return sum;
    }

    /// <summary>∫ from -1 to <paramref name="x"/> of the interpolant.</summary>
    public static double IntegrateFromStart(ReadOnlySpan<double> coefficients, double x)
    {
        // P_{n-1}, P_n, P_{n+1} by the three-term recurrence.
        double before = 1, at = x;
        var sum = coefficients[0] * (x + 1);
        for (var n = 1; n < Points; n++)
        {
            var after = (((2 * n) + 1) * x * at - (n * before)) / (n + 1);
            sum += coefficients[n] * (after - before) / ((2 * n) + 1);
            before = at;
            at = after;
        }

        return sum;
    }

    private static double Legendre(int n, double x)
    {
        if (n == 0)
        {
            return 1;
        }

        double previous = 1, current = x;
        for (var j = 1; j < n; j++)
        {
            var next = (((2 * j) + 1) * x * current - (j * previous)) / (j + 1);
            previous = current;
            current = next;
        }

        return current;
    }
}
