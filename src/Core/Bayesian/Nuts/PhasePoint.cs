namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>A point of Hamiltonian phase space: position, momentum, and the log density and its gradient at the position.</summary>
internal sealed class PhasePoint
{
    public PhasePoint(int dimension)
    {
        Position = new double[dimension];
        Momentum = new double[dimension];
        Gradient = new double[dimension];
    }

    /// <summary>Unconstrained parameters q.</summary>
    public double[] Position { get; }

    /// <summary>Momentum p.</summary>
    public double[] Momentum { get; }

    /// <summary>Gradient of the log density at q.</summary>
    public double[] Gradient { get; }

    /// <summary>Log density at q (the potential energy is its negative).</summary>
    public double LogDensity { get; set; }

    public void CopyFrom(PhasePoint other)
    {
        other.Position.AsSpan().CopyTo(Position);
        other.Momentum.AsSpan().CopyTo(Momentum);
        other.Gradient.AsSpan().CopyTo(Gradient);
        LogDensity = other.LogDensity;
    }

    /// <summary>Evaluates the log density and gradient at the current position; a non-finite result becomes -∞ (a divergence).</summary>
    public void Evaluate(ILogDensityModel model)
    {
        var logDensity = model.LogDensityGradient(Position, Gradient);
        if (double.IsNaN(logDensity) || !AllFinite(Gradient))
        {
            logDensity = double.NegativeInfinity;
        }

        LogDensity = logDensity;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
