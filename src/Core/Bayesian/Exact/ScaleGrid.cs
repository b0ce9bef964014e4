using MathNet.Numerics.RootFinding;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// An adaptive Gauss–Kronrod integral of an unnormalized density f(σ) over a standard deviation
/// σ ∈ (0, upper], kept as a whole so that every posterior summary of σ (and of anything conditional on
/// σ) is read from it: the normalizing constant, node weights, the distribution function, the density
/// and quantiles.
/// </summary>
/// <remarks>
/// <para>The grid first finds the mode of g(t) = f(e^t) e^t on t = log σ by climbing and parabolic
/// interpolation, and the curvature there (a scale s of log σ). The interval (0, e^(t̂ − 2s)] is
/// integrated on σ itself, where densities of σ are smooth and bounded (integrating there on log σ would
/// need a long exponential tail); everything above on log σ, where algebraic tails in σ become
/// exponential, in panels of 2.5s to 3s around the mode, widening beyond, up to where g has fallen by e^34 (or to the
/// prior's upper bound). Panels are bisected, worst first, until the summed |Kronrod − Gauss| error
/// estimates fall below the relative tolerance.</para>
/// <para>The reported error is that sum: the error of the embedded 7-point Gauss rule, so the 15-point
/// Kronrod values used are in practice far more accurate than the estimate says.</para>
/// </remarks>
internal sealed class ScaleGrid<T>
    where T : class
{
    /// <summary>Where the integrand has fallen so far below its maximum that the rest is negligible (e^-34 ≈ 2e-15).</summary>
    private const double NegligibleLogDrop = 34;

    private readonly List<ScaleGridPanel<T>> panels;
    private readonly double[] cumulative;

    private ScaleGrid(List<ScaleGridPanel<T>> panels, double shift, int evaluations, double modeLogSigma, double modeScale)
    {
        this.panels = panels;
        Shift = shift;
        Evaluations = evaluations;
        ModeLogSigma = modeLogSigma;
        ModeScale = modeScale;
        cumulative = new double[panels.Count + 1];
        for (var p = 0; p < panels.Count; p++)
        {
            panels[p].Interpolate(shift);
            cumulative[p + 1] = cumulative[p] + panels[p].Kronrod;
        }

        Total = cumulative[panels.Count];
        ErrorEstimate = panels.Sum(panel => panel.Error);
    }

    /// <summary>The panels, in increasing σ.</summary>
    public IReadOnlyList<ScaleGridPanel<T>> Panels => panels;

    /// <summary>The common log scale of the stored values.</summary>
    public double Shift { get; }

    /// <summary>∫ f dσ, scaled by e^(−<see cref="Shift"/>).</summary>
    public double Total { get; }

    /// <summary>log ∫ f dσ.</summary>
    public double LogTotal => Shift + Math.Log(Total);

    /// <summary>Summed |Kronrod − Gauss| over the panels, on the scale of <see cref="Total"/>.</summary>
    public double ErrorEstimate { get; }

    /// <summary><see cref="ErrorEstimate"/> relative to <see cref="Total"/>.</summary>
    public double RelativeError => ErrorEstimate / Total;

    /// <summary>Number of integrand evaluations, the mode search included.</summary>
    public int Evaluations { get; }

    /// <summary>log σ at the mode of f(σ) σ (the mode on the log scale).</summary>
    public double ModeLogSigma { get; }

    /// <summary>The curvature scale of log f(e^t) e^t at its mode.</summary>
    public double ModeScale { get; }

    /// <summary>Integrates <paramref name="logDensity"/> (log f(σ) and what was computed with it) over (0, <paramref name="upper"/>].</summary>
    /// <param name="logDensity">log f(σ), −∞ where f is zero.</param>
    /// <param name="upper">The largest σ with positive density (infinity when unbounded).</param>
    /// <param name="hintLogSigma">Where to start looking for the mode, on log σ.</param>
    /// <param name="hintScale">A first step for the search, on log σ.</param>
    /// <param name="relativeTolerance">Target of the summed error estimate relative to the integral.</param>
    /// <param name="maximumPanels">Bound on the number of panels.</param>
    /// <param name="logAbsoluteTolerance">
    /// log of an error that is small enough whatever the integral is (the inner integrals of a
    /// two-dimensional integral far in the outer tail need no relative accuracy); −∞ for none.
    /// </param>
    public static ScaleGrid<T> Build(
        Func<double, (double LogDensity, T? Payload)> logDensity,
        double upper,
        double hintLogSigma,
        double hintScale,
        double relativeTolerance,
        int maximumPanels,
        double logAbsoluteTolerance = double.NegativeInfinity)
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        var evaluations = 0;
        double OnLogScale(double t)
        {
            evaluations++;
            return logDensity(Math.Exp(t)).LogDensity + t;
        }

        var upperLog = double.IsPositiveInfinity(upper) ? double.PositiveInfinity : Math.Log(upper);
        var (mode, modeValue, scale) = FindMode(OnLogScale, upperLog, Math.Min(hintLogSigma, upperLog), hintScale);
        var top = FindUpperEnd(OnLogScale, mode, modeValue, scale, upperLog);

        var split = Math.Min(mode - (4 * scale), top - scale);
        var list = new List<ScaleGridPanel<T>> { new(0, Math.Exp(split), isLogScale: false) };
        var breaks = new List<double> { split };
        foreach (var offset in new[] { -1.5, 1.5, 4, 8, 16, 32, 64, 128 })
        {
            var point = mode + (offset * scale);
            if (point > breaks[^1] && point < top)
            {
                breaks.Add(point);
            }
        }

        breaks.Add(top);
        for (var b = 0; b + 1 < breaks.Count; b++)
        {
            list.Add(new ScaleGridPanel<T>(breaks[b], breaks[b + 1], isLogScale: true));
        }

        foreach (var panel in list)
        {
            panel.Evaluate(logDensity);
            evaluations += KronrodPanelRule.Points;
        }

        var shift = MaximumLogValue(list);
        if (double.IsNegativeInfinity(shift))
        {
            throw new ArithmeticException("the posterior density is zero everywhere the grid looked");
        }

        foreach (var panel in list)
        {
            panel.Estimate(shift);
        }

        while (list.Count < maximumPanels)
        {
            double total = 0, error = 0;
            var worst = 0;
            for (var p = 0; p < list.Count; p++)
            {
                total += list[p].Kronrod;
                error += list[p].Error;
                if (list[p].Error > list[worst].Error)
                {
                    worst = p;
                }
            }

            if (error <= relativeTolerance * total || error <= Math.Exp(logAbsoluteTolerance - shift))
            {
                break;
            }

            var old = list[worst];
            var middle = 0.5 * (old.Lower + old.Upper);
            var left = new ScaleGridPanel<T>(old.Lower, middle, old.IsLogScale);
            var right = new ScaleGridPanel<T>(middle, old.Upper, old.IsLogScale);
            left.Evaluate(logDensity);
            right.Evaluate(logDensity);
            evaluations += 2 * KronrodPanelRule.Points;
            list[worst] = left;
            list.Insert(worst + 1, right);
            var newShift = Math.Max(shift, Math.Max(MaximumLogValue([left]), MaximumLogValue([right])));
            if (newShift > shift)
            {
                shift = newShift;
                foreach (var panel in list)
                {
                    panel.Estimate(shift);
                }
            }
            else
            {
                left.Estimate(shift);
                right.Estimate(shift);
            }
        }

        return new ScaleGrid<T>(list, shift, evaluations, mode, scale);
    }

    /// <summary>
    /// The nodes with their normalized posterior weights under the Kronrod rule and under the embedded
    /// Gauss rule (0 at Kronrod-only nodes), and their payloads; nodes of zero weight are left out.
    /// </summary>
    public IEnumerable<(double Sigma, double Weight, double GaussWeight, T Payload)> Nodes()
    {
        var gaussTotal = panels.Sum(panel => panel.Gauss);
        foreach (var panel in panels)
        {
            for (var i = 0; i < KronrodPanelRule.Points; i++)
            {
                var payload = panel.Payloads[i];
                if (payload is null)
                {
                    continue;
                }

                var value = panel.HalfWidth * Math.Exp(panel.LogValues[i] - Shift);
                var weight = KronrodPanelRule.KronrodWeights[i] * value / Total;
                if (weight > 0)
                {
                    yield return (panel.Sigma[i], weight, KronrodPanelRule.GaussWeights[i] * value / gaussTotal, payload);
                }
            }
        }
    }

    /// <summary>E[g(σ)] under the normalized density.</summary>
    public double Expectation(Func<double, double> g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var sum = 0.0;
        foreach (var (sigma, weight, _, _) in Nodes())
        {
            sum += weight * g(sigma);
        }

        return sum;
    }

    /// <summary>P(σ ≤ <paramref name="sigma"/>) under the normalized density.</summary>
    public double Cdf(double sigma)
    {
        if (sigma <= 0)
        {
            return 0;
        }

        var p = PanelOf(sigma);
        if (p < 0)
        {
            return 1;
        }

        var panel = panels[p];
        var partial = panel.HalfWidth * KronrodPanelRule.IntegrateFromStart(panel.Coefficients, panel.ToUnit(sigma));
        return Math.Clamp((cumulative[p] + partial) / Total, 0, 1);
    }

    /// <summary>The normalized density of σ at <paramref name="sigma"/>.</summary>
    public double Density(double sigma)
    {
        if (sigma < 0)
        {
            return 0;
        }

        var p = PanelOf(sigma);
        if (p < 0)
        {
            return 0;
        }

        var panel = panels[p];
        var value = Math.Max(0, KronrodPanelRule.Interpolate(panel.Coefficients, panel.ToUnit(sigma))) / Total;
        return panel.IsLogScale ? value / sigma : value;
    }

    /// <summary>The <paramref name="probability"/> quantile of σ.</summary>
    public double Quantile(double probability)
    {
        var target = probability * Total;
        var p = 0;
        while (p < panels.Count - 1 && cumulative[p + 1] < target)
        {
            p++;
        }

        var panel = panels[p];
        var remainder = (target - cumulative[p]) / panel.HalfWidth;
        double Residual(double x) => KronrodPanelRule.IntegrateFromStart(panel.Coefficients, x) - remainder;
        double Slope(double x) => KronrodPanelRule.Interpolate(panel.Coefficients, x);
        if (Residual(-1) >= 0)
        {
            return panel.FromUnit(-1);
        }

        if (Residual(1) <= 0)
        {
            return panel.FromUnit(1);
        }

        if (!RobustNewtonRaphson.TryFindRoot(Residual, Slope, -1, 1, 1e-14, 100, 20, out var x))
        {
            x = Bisection.FindRoot(Residual, -1, 1, 1e-14, 200);
        }

        return panel.FromUnit(x);
    }

    private int PanelOf(double sigma)
    {
        int low = 0, high = panels.Count - 1;
        if (sigma > panels[high].SigmaUpper)
        {
            return -1;
        }

        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sigma <= panels[middle].SigmaUpper)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private static double MaximumLogValue(IEnumerable<ScaleGridPanel<T>> list)
    {
        var max = double.NegativeInfinity;
        foreach (var panel in list)
        {
            foreach (var value in panel.LogValues)
            {
                if (value > max)
                {
                    max = value;
                }
            }
        }

        return max;
    }

    /// <summary>
    /// The mode of <paramref name="g"/> on (−∞, <paramref name="upper"/>], its value and a curvature scale:
    /// climb with doubling steps until the value drops, then fit a parabola through the bracket, and once
    /// more through points one scale either side of the first vertex.
    /// </summary>
    private static (double Mode, double Value, double Scale) FindMode(Func<double, double> g, double upper, double start, double step)
    {
        step = Math.Clamp(step, 0.05, 2);
        var x1 = start;
        var g1 = g(x1);
        for (var j = 1; double.IsNegativeInfinity(g1) && j <= 80; j++)
        {
            // The density is zero at the starting point (a bounded or tabulated prior): look either side.
            var offset = (j % 2 == 0 ? 1 : -1) * ((j + 1) / 2) * 0.5;
            x1 = Math.Min(start + offset, upper);
            g1 = g(x1);
        }

        if (double.IsNegativeInfinity(g1))
        {
            throw new ArithmeticException("the posterior density is zero everywhere the mode search looked");
        }

        var (a, ga, b, gb, c, gc) = Bracket(g, x1, g1, step, upper);
        if (b >= upper && gb >= ga)
        {
            // The mode is at the prior's upper bound: the scale comes from the slope below it.
            var slope = (gb - ga) / (b - a);
            return (b, gb, Math.Clamp(1 / Math.Max(slope, 1e-12), 0.05, 1));
        }

        var (vertex, scale) = Parabola(a, ga, b, gb, c, gc);
        if (c - a <= 3 * scale && double.IsFinite(ga) && double.IsFinite(gc))
        {
            // The bracket is already about one scale either side: the parabola is good enough to place panels.
            return (Math.Min(vertex, upper), gb, scale);
        }

        var vertexValue = g(vertex);
        var below = vertex - scale;
        var above = Math.Min(vertex + scale, upper);
        var gBelow = g(below);
        var gAbove = above > vertex ? g(above) : double.NegativeInfinity;
        if (vertexValue >= gBelow && vertexValue >= gAbove && above > vertex)
        {
            (vertex, scale) = Parabola(below, gBelow, vertex, vertexValue, above, gAbove);
            vertex = Math.Min(vertex, upper);
            vertexValue = g(vertex);
        }
        else if (gb > vertexValue)
        {
            vertex = b;
            vertexValue = gb;
        }

        return (vertex, vertexValue, scale);
    }

    private static (double A, double Ga, double B, double Gb, double C, double Gc) Bracket(Func<double, double> g, double x, double gx, double step, double upper)
    {
        var right = Math.Min(x + step, upper);
        var gRight = right > x ? g(right) : double.NegativeInfinity;
        if (gRight > gx)
        {
            double a = x, ga = gx, b = right, gb = gRight;
            for (var i = 0; i < 60; i++)
            {
                var c = Math.Min(b + step, upper);
                if (c <= b)
                {
                    return (a, ga, b, gb, b, gb);
                }

                var gc = g(c);
                if (gc <= gb)
                {
                    return (a, ga, b, gb, c, gc);
                }

                (a, ga, b, gb) = (b, gb, c, gc);
                step *= 2;
            }

            return (a, ga, b, gb, b, gb);
        }

        {
            double c = right, gc = gRight, b = x, gb = gx;
            for (var i = 0; i < 60; i++)
            {
                var a = b - step;
                var ga = g(a);
                if (ga <= gb)
                {
                    return c > b ? (a, ga, b, gb, c, gc) : (a, ga, b, gb, b, gb);
                }

                (c, gc, b, gb) = (b, gb, a, ga);
                step *= 2;
            }

            throw new ArithmeticException("the posterior density keeps increasing towards σ = 0");
        }
    }

    private static (double Vertex, double Scale) Parabola(double a, double ga, double b, double gb, double c, double gc)
    {
        if (c <= b || !double.IsFinite(ga) || !double.IsFinite(gc))
        {
            return (b, Math.Max((c - a) / 4, 0.05));
        }

        var secondDifference = 2 * (((gc - gb) / (c - b)) - ((gb - ga) / (b - a))) / (c - a);
        if (!(secondDifference < 0))
        {
            return (b, Math.Max((c - a) / 4, 0.05));
        }

        var numerator = ((b - a) * (b - a) * (gb - gc)) - ((b - c) * (b - c) * (gb - ga));
        var denominator = ((b - a) * (gb - gc)) - ((b - c) * (gb - ga));
        var vertex = denominator == 0 ? b : b - (0.5 * numerator / denominator);
        vertex = Math.Clamp(vertex, a, c);
        return (vertex, Math.Clamp(1 / Math.Sqrt(-secondDifference), 1e-3, 5));
    }

    private static double FindUpperEnd(Func<double, double> g, double mode, double modeValue, double scale, double upper)
    {
        if (mode >= upper)
        {
            return upper;
        }

        var distance = 3 * scale;
        for (var i = 0; i < 40; i++)
        {
            var point = mode + distance;
            if (point >= upper)
            {
                return upper;
            }

            if (g(point) < modeValue - NegligibleLogDrop)
            {
                return point;
            }

            distance *= 2;
        }

        return mode + distance;
    }
}
