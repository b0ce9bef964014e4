using System.Globalization;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>The shape of a dose-response curve fitted as a meta-regression on the dose.</summary>
public enum DoseResponseShape
{
    /// <summary>β₁ d.</summary>
    Linear,

    /// <summary>β₁ log(d + offset).</summary>
    Logarithmic,

    /// <summary>β₁ d + β₂ d².</summary>
    Quadratic,

    /// <summary>A restricted cubic spline in d (linear beyond the outer knots).</summary>
    RestrictedCubicSpline,
}

/// <summary>
/// The columns of a dose-response meta-regression: linear, logarithmic, quadratic or a restricted cubic
/// spline of the dose (after dividing it by <see cref="Scale"/>, which keeps the coefficients and their
/// priors on a readable scale, e.g. per 1000 pulses). The same basis gives the design of the fit and the
/// row x(d) of any dose, so the curve's posterior at d is <see cref="ExactPosterior.LinearCombination"/> of
/// <see cref="Row"/>(d). A three-level model handles several doses from one study.
/// </summary>
/// <remarks>
/// The spline is Harrell's restricted cubic spline (R's rms::rcs, rcspline.eval with norm = 2): for knots
/// t_1 &lt; ... &lt; t_K the columns are d and, for j = 1..K−2,
/// [(d − t_j)₊³ − (d − t_{K−1})₊³ (t_K − t_j)/(t_K − t_{K−1}) + (d − t_K)₊³ (t_{K−1} − t_j)/(t_K − t_{K−1})] / (t_K − t_1)²,
/// which makes the curve linear below t_1 and above t_K.
/// </remarks>
public sealed class DoseResponseBasis
{
    private readonly double[] knots;

    private DoseResponseBasis(DoseResponseShape shape, double scale, double offset, double[] knots, bool intercept)
    {
        Shape = shape;
        Scale = scale;
        Offset = offset;
        this.knots = knots;
        Intercept = intercept;
    }

    /// <summary>The curve's shape.</summary>
    public DoseResponseShape Shape { get; }

    /// <summary>The dose is divided by this before the basis is taken.</summary>
    public double Scale { get; }

    /// <summary>Added to the scaled dose before the logarithm (logarithmic shape only).</summary>
    public double Offset { get; }

    /// <summary>The spline's knots on the scaled dose (restricted cubic spline only).</summary>
    public IReadOnlyList<double> Knots => knots;

    /// <summary>Whether the design has an intercept (the effect at dose 0, or at log-dose 0).</summary>
    public bool Intercept { get; }

    /// <summary>Names of the columns, intercept first.</summary>
    public IReadOnlyList<string> ColumnNames
    {
        get
        {
            var names = new List<string>();
            if (Intercept)
            {
                names.Add(DesignMatrix.InterceptName);
            }

            switch (Shape)
            {
                case DoseResponseShape.Linear:
                    names.Add("dose");
                    break;
                case DoseResponseShape.Logarithmic:
                    names.Add("log(dose)");
                    break;
                case DoseResponseShape.Quadratic:
                    names.Add("dose");
                    names.Add("dose^2");
                    break;
                default:
                    names.Add("dose");
                    for (var j = 1; j <= knots.Length - 2; j++)
                    {
                        names.Add("dose" + new string('\'', j));
                    }

                    break;
            }

            return names;
        }
    }

    /// <summary>A linear curve.</summary>
    public static DoseResponseBasis Linear(double scale = 1, bool intercept = true) =>
        new(DoseResponseShape.Linear, CheckScale(scale), 0, [], intercept);

    /// <summary>A logarithmic curve in log(d / scale + offset); every dose must make the argument positive.</summary>
    public static DoseResponseBasis Logarithmic(double scale = 1, double offset = 0, bool intercept = true)
    {
        if (!double.IsFinite(offset) || offset < 0)
        {
            throw new InvalidInputException("dose_response.offset", string.Create(CultureInfo.InvariantCulture, $"must be a finite number of at least 0, got {offset}"));
        }

        return new(DoseResponseShape.Logarithmic, CheckScale(scale), offset, [], intercept);
    }

    /// <summary>A quadratic curve.</summary>
    public static DoseResponseBasis Quadratic(double scale = 1, bool intercept = true) =>
        new(DoseResponseShape.Quadratic, CheckScale(scale), 0, [], intercept);

    /// <summary>A restricted cubic spline with at least 3 increasing <paramref name="knots"/> (on the scaled dose).</summary>
    public static DoseResponseBasis RestrictedCubicSpline(IReadOnlyList<double> knots, double scale = 1, bool intercept = true)
    {
        ArgumentNullException.ThrowIfNull(knots);
        Guard.Finite(knots, "dose_response.knots");
        if (knots.Count < 3)
        {
            throw new InvalidInputException("dose_response.knots", string.Create(CultureInfo.InvariantCulture, $"a restricted cubic spline needs at least 3 knots, got {knots.Count}"));
        }

        for (var j = 1; j < knots.Count; j++)
        {
            if (knots[j] <= knots[j - 1])
            {
                throw new InvalidInputException(Guard.Element("dose_response.knots", j), "knots must be strictly increasing");
            }
        }

        return new(DoseResponseShape.RestrictedCubicSpline, CheckScale(scale), 0, knots.ToArray(), intercept);
    }

    /// <summary>The design row of dose <paramref name="dose"/>.</summary>
    public double[] Row(double dose) => RowOf(dose, "dose");

    /// <summary>The design of the given doses (one per effect), checked to have full rank.</summary>
    public DesignMatrix Design(IReadOnlyList<double> doses)
    {
        ArgumentNullException.ThrowIfNull(doses);
        var rows = doses.Select((d, i) => RowOf(d, Guard.Element("dose", i))).ToArray();
        var names = ColumnNames;
        return DesignMatrix.FromColumns(names.Select((name, j) => (name, rows.Select(r => r[j]).ToArray())).ToArray());
    }

    private double[] RowOf(double dose, string field)
    {
        Guard.Finite(dose, field);
        var d = dose / Scale;
        var row = new List<double>();
        if (Intercept)
        {
            row.Add(1);
        }

        switch (Shape)
        {
            case DoseResponseShape.Linear:
                row.Add(d);
                break;
            case DoseResponseShape.Logarithmic:
                if (d + Offset <= 0)
                {
                    throw new InvalidInputException(field, string.Create(CultureInfo.InvariantCulture, $"the logarithmic curve needs dose / scale + offset > 0, got {d + Offset}; give an offset"));
                }

                row.Add(Math.Log(d + Offset));
                break;
            case DoseResponseShape.Quadratic:
                row.Add(d);
                row.Add(d * d);
                break;
            default:
                row.Add(d);
                row.AddRange(SplineTerms(d));
                break;
        }

        return row.ToArray();
    }

    private IEnumerable<double> SplineTerms(double d)
    {
        var k = knots.Length;
        double last = knots[k - 1], beforeLast = knots[k - 2];
        var normalizer = (last - knots[0]) * (last - knots[0]);
        for (var j = 0; j < k - 2; j++)
        {
            var t = knots[j];
            yield return (Cube(d - t)
                - (Cube(d - beforeLast) * (last - t) / (last - beforeLast))
                + (Cube(d - last) * (beforeLast - t) / (last - beforeLast))) / normalizer;
        }
    }

    private static double Cube(double x) => x > 0 ? x * x * x : 0;

    private static double CheckScale(double scale)
    {
        Guard.Positive(scale, "dose_response.scale");
        return scale;
    }
}
