namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// One panel of a <see cref="ScaleGrid{T}"/>: an interval of a standard deviation σ, integrated on σ
/// itself (near σ = 0) or on log σ (everywhere else), with the integrand's values at the 15 Kronrod nodes.
/// </summary>
/// <remarks>
/// On a log panel the integrand in the native variable t = log σ is f(σ) σ (the Jacobian of σ = e^t).
/// Values are stored as logarithms; the grid scales them by one common shift before exponentiating.
/// </remarks>
internal sealed class ScaleGridPanel<T>
    where T : class
{
    public ScaleGridPanel(double lower, double upper, bool isLogScale)
    {
        Lower = lower;
        Upper = upper;
        IsLogScale = isLogScale;
    }

    /// <summary>Lower end in the native variable (σ, or log σ on a log panel).</summary>
    public double Lower { get; }

    /// <summary>Upper end in the native variable.</summary>
    public double Upper { get; }

    /// <summary>Whether the native variable is log σ.</summary>
    public bool IsLogScale { get; }

    /// <summary>σ at the lower end.</summary>
    public double SigmaLower => IsLogScale ? Math.Exp(Lower) : Lower;

    /// <summary>σ at the upper end.</summary>
    public double SigmaUpper => IsLogScale ? Math.Exp(Upper) : Upper;

    /// <summary>Half the width in the native variable.</summary>
    public double HalfWidth => 0.5 * (Upper - Lower);

    /// <summary>σ at each node.</summary>
    public double[] Sigma { get; } = new double[KronrodPanelRule.Points];

    /// <summary>Log of the integrand in the native variable at each node (−∞ where the prior is zero).</summary>
    public double[] LogValues { get; } = new double[KronrodPanelRule.Points];

    /// <summary>What the integrand computed at each node besides its value (null where the value is zero).</summary>
    public T?[] Payloads { get; } = new T?[KronrodPanelRule.Points];

    /// <summary>The Kronrod estimate of the panel's integral, scaled by e^(−shift).</summary>
    public double Kronrod { get; private set; }

    /// <summary>The embedded 7-point Gauss estimate of the panel's integral, scaled by e^(−shift).</summary>
    public double Gauss { get; private set; }

    /// <summary>The panel's error estimate (see <see cref="Estimate"/>), scaled by e^(−shift).</summary>
    public double Error { get; private set; }

    /// <summary>Legendre coefficients of the scaled integrand (set by <see cref="Interpolate"/>).</summary>
    public double[] Coefficients { get; private set; } = [];

    /// <summary>Evaluates the integrand at the nodes.</summary>
    public void Evaluate(Func<double, (double LogDensity, T? Payload)> logDensity)
    {
        var centre = 0.5 * (Upper + Lower);
        var abscissas = KronrodPanelRule.Abscissas;
        for (var i = 0; i < KronrodPanelRule.Points; i++)
        {
            var t = centre + (HalfWidth * abscissas[i]);
            var sigma = IsLogScale ? Math.Exp(t) : t;
            var (value, payload) = logDensity(sigma);
            Sigma[i] = sigma;
            LogValues[i] = IsLogScale ? value + t : value;
            Payloads[i] = double.IsNegativeInfinity(value) ? null : payload;
        }
    }

    /// <summary>Recomputes the integral and error estimates with values scaled by e^(−<paramref name="shift"/>).</summary>
    /// <remarks>
    /// The error estimate is QUADPACK's for the 15-point rule (Piessens et al. 1983, QK15): with
    /// E = |K − G| and A = ∫|f − K/2| by the Kronrod rule, E ← A min(1, (200 E / A)^1.5), at least
    /// 50 ε ∫|f|. The raw |K − G| is the error of the 7-point Gauss value and overstates the Kronrod
    /// value's error by orders of magnitude; QUADPACK's scaling is the accepted estimate of the latter.
    /// </remarks>
    public void Estimate(double shift)
    {
        var kronrodWeights = KronrodPanelRule.KronrodWeights;
        var gaussWeights = KronrodPanelRule.GaussWeights;
        Span<double> values = stackalloc double[KronrodPanelRule.Points];
        double kronrod = 0, gauss = 0, absolute = 0;
        for (var i = 0; i < KronrodPanelRule.Points; i++)
        {
            values[i] = Math.Exp(LogValues[i] - shift);
            kronrod += kronrodWeights[i] * values[i];
            gauss += gaussWeights[i] * values[i];
            absolute += kronrodWeights[i] * Math.Abs(values[i]);
        }

        var average = 0.5 * kronrod;
        var spread = 0.0;
        for (var i = 0; i < KronrodPanelRule.Points; i++)
        {
            spread += kronrodWeights[i] * Math.Abs(values[i] - average);
        }

        var error = Math.Abs(kronrod - gauss);
        if (spread > 0 && error > 0)
        {
            error = spread * Math.Min(1, Math.Pow(200 * error / spread, 1.5));
        }

        error = Math.Max(error, 50 * MathNet.Numerics.Precision.PositiveDoublePrecision * absolute);
        Kronrod = HalfWidth * kronrod;
        Gauss = HalfWidth * gauss;
        Error = HalfWidth * error;
    }

    /// <summary>Builds the interpolant of the values scaled by e^(−<paramref name="shift"/>).</summary>
    public void Interpolate(double shift)
    {
        Span<double> values = stackalloc double[KronrodPanelRule.Points];
        for (var i = 0; i < KronrodPanelRule.Points; i++)
        {
            values[i] = Math.Exp(LogValues[i] - shift);
        }

        Coefficients = KronrodPanelRule.LegendreCoefficients(values);
    }

    /// <summary>The panel coordinate x in [-1, 1] of standard deviation <paramref name="sigma"/>.</summary>
    public double ToUnit(double sigma)
    {
        var t = IsLogScale ? Math.Log(sigma) : sigma;
        return Math.Clamp((t - (0.5 * (Upper + Lower))) / HalfWidth, -1, 1);
    }

    /// <summary>The standard deviation at panel coordinate <paramref name="x"/>.</summary>
    public double FromUnit(double x)
    {
        var t = (0.5 * (Upper + Lower)) + (HalfWidth * x);
        return IsLogScale ? Math.Exp(t) : t;
    }
}
