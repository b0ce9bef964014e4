using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// The shape of a dose-response curve with the settings only that shape has (a spline's knots, a logarithm's
/// offset). Doses are divided by the model's scale first, so knots and offsets are on the scaled dose.
/// </summary>
public sealed class DoseCurve
{
    private DoseCurve(DoseResponseCurve curve, IReadOnlyList<double> knots, uint knotCount, double logOffset)
    {
        Curve = curve;
        Knots = knots;
        KnotCount = knotCount;
        LogOffset = logOffset;
    }

    /// <summary>b0 + b1 d.</summary>
    public static DoseCurve Linear { get; } = new(DoseResponseCurve.Linear, [], 0, 0);

    /// <summary>b0 + b1 d + b2 d².</summary>
    public static DoseCurve Quadratic { get; } = new(DoseResponseCurve.Quadratic, [], 0, 0);

    /// <summary>E0 + Emax d / (ED50 + d) (NUTS only).</summary>
    public static DoseCurve Emax { get; } = new(DoseResponseCurve.Emax, [], 0, 0);

    /// <summary>The contract's curve.</summary>
    public DoseResponseCurve Curve { get; }

    /// <summary>The spline's knots; empty when the server places them.</summary>
    public IReadOnlyList<double> Knots { get; }

    /// <summary>How many knots the server places when <see cref="Knots"/> is empty (splines only; 0 otherwise).</summary>
    public uint KnotCount { get; }

    /// <summary>What is added to every scaled dose before the logarithm (logarithmic curves only).</summary>
    public double LogOffset { get; }

    /// <summary>A restricted cubic spline with <paramref name="knotCount"/> knots at Harrell's quantiles of the scaled doses.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="knotCount"/> is below 3, the fewest a restricted cubic spline has.</exception>
    public static DoseCurve Spline(int knotCount = 3) =>
        new(DoseResponseCurve.Spline, [], Arguments.AtLeast(knotCount, 3, nameof(knotCount)), 0);

    /// <summary>A restricted cubic spline with the given knots on the scaled dose.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 knots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A knot is not finite.</exception>
    public static DoseCurve Spline(IReadOnlyList<double> knots)
    {
        ArgumentNullException.ThrowIfNull(knots);
        if (knots.Count < 3)
        {
            throw new ArgumentException($"a restricted cubic spline has at least 3 knots (got {knots.Count})", nameof(knots));
        }

        return new(DoseResponseCurve.Spline, knots.Select((knot, i) => Arguments.Finite(knot, $"{nameof(knots)}[{i}]")).ToArray(), 0, 0);
    }

    /// <summary>b0 + b1 log(d + offset); the offset makes a dose of 0 usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or not finite.</exception>
    public static DoseCurve Logarithmic(double offset = 0) =>
        new(DoseResponseCurve.Logarithmic, [], 0, Arguments.NonNegative(offset, nameof(offset)));
}
