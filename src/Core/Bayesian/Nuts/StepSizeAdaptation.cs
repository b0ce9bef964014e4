namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// Nesterov's dual averaging of the log step size towards a target mean acceptance statistic, as in
/// Hoffman and Gelman (2014) and Stan.
/// </summary>
/// <remarks>
/// After m updates with acceptance statistics a₁..aₘ (capped at 1):
/// s̄ₘ = (1 - 1/(m + t₀)) s̄ₘ₋₁ + (δ - aₘ)/(m + t₀); log εₘ = μ - √m s̄ₘ / γ;
/// log ε̄ₘ = m^-κ log εₘ + (1 - m^-κ) log ε̄ₘ₋₁. Sampling uses ε̄ at the end of warm-up. μ is set to
/// log(10 ε₀) after each step-size initialization, so the search starts above the heuristic guess.
/// </remarks>
public sealed class StepSizeAdaptation
{
    private double counter;
    private double averagedGradient;
    private double averagedLogStepSize;

    /// <summary>Dual averaging with Stan's defaults unless given.</summary>
    public StepSizeAdaptation(double targetAcceptance = 0.8, double gamma = 0.05, double kappa = 0.75, double t0 = 10)
    {
        if (!(targetAcceptance > 0 && targetAcceptance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetAcceptance), "the target acceptance must be strictly between 0 and 1");
        }

        TargetAcceptance = targetAcceptance;
        Gamma = gamma;
        Kappa = kappa;
        T0 = t0;
    }

    /// <summary>δ, the target mean acceptance statistic.</summary>
    public double TargetAcceptance { get; }

    /// <summary>γ, the regularization scale.</summary>
    public double Gamma { get; }

    /// <summary>κ, the decay exponent of the averaging weights.</summary>
    public double Kappa { get; }

    /// <summary>t₀, the delay that damps the first updates.</summary>
    public double T0 { get; }

    /// <summary>μ, the point the log step size is shrunk towards.</summary>
    public double Mu { get; set; }

    /// <summary>Forgets every update (after a metric update, when the step size is re-initialized).</summary>
    public void Restart()
    {
        counter = 0;
        averagedGradient = 0;
        averagedLogStepSize = 0;
    }

    /// <summary>Returns the next step size after an iteration whose acceptance statistic was <paramref name="acceptStatistic"/>.</summary>
    public double Learn(double acceptStatistic)
    {
        counter++;
        var a = double.IsNaN(acceptStatistic) ? 0 : Math.Min(acceptStatistic, 1);
        var eta = 1.0 / (counter + T0);
        averagedGradient = ((1 - eta) * averagedGradient) + (eta * (TargetAcceptance - a));
        var logStepSize = Mu - (averagedGradient * Math.Sqrt(counter) / Gamma);
        var weight = Math.Pow(counter, -Kappa);
        averagedLogStepSize = (weight * logStepSize) + ((1 - weight) * averagedLogStepSize);
        return Math.Exp(logStepSize);
    }

    /// <summary>The averaged step size ε̄ that sampling uses.</summary>
    public double FinalStepSize() => Math.Exp(averagedLogStepSize);
}
