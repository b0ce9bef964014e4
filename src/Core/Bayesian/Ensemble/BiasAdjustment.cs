using System.Globalization;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>Which p-value a weight function's cut points refer to.</summary>
public enum PValueSides
{
    /// <summary>One-sided p = 1 − Φ(yᵢ/seᵢ): significant in the expected (positive) direction.</summary>
    OneSided,

    /// <summary>Two-sided p = 2(1 − Φ(|yᵢ|/seᵢ)): significant in either direction.</summary>
    TwoSided,
}

/// <summary>
/// The publication-bias part of an ensemble member: none, a step weight function (a selection model), or
/// a regression of the effects on their standard errors (PET) or variances (PEESE).
/// </summary>
public abstract class BiasAdjustment
{
    private protected BiasAdjustment()
    {
    }

    /// <summary>No adjustment: the ordinary (Gaussian) random-effects likelihood.</summary>
    public static BiasAdjustment None { get; } = new NoBiasAdjustment();

    /// <summary>A short label for tables, e.g. <c>omega[one-sided: 0.025, 0.05]</c> or <c>PET ~ half_cauchy(scale = 1)</c>.</summary>
    public abstract string Label { get; }

    /// <summary>Whether this is the absence of an adjustment (the member's likelihood is then Gaussian).</summary>
    public bool IsNone => this is NoBiasAdjustment;

    /// <summary>
    /// A step weight function on the <paramref name="sides"/> p-value with cut points <paramref name="steps"/>
    /// (increasing in (0, 1), without the final 1) and RoBMA's cumulative Dirichlet prior with
    /// concentrations <paramref name="alpha"/> (one per interval; all 1 when null).
    /// </summary>
    public static WeightFunctionAdjustment WeightFunction(PValueSides sides, IReadOnlyList<double> steps, IReadOnlyList<double>? alpha = null) =>
        new(sides, steps, alpha);

    /// <summary>PET: yᵢ ~ N(μ + β seᵢ, vᵢ + τ²) with β ~ <paramref name="coefficientPrior"/> (RoBMA: Cauchy(0, 1) truncated to β &gt; 0, i.e. half-Cauchy(1)).</summary>
    public static RegressionAdjustment Pet(ScalePrior coefficientPrior) => new(RegressionPredictor.StandardError, coefficientPrior);

    /// <summary>PEESE: yᵢ ~ N(μ + β vᵢ, vᵢ + τ²) with β ~ <paramref name="coefficientPrior"/> (RoBMA: Cauchy(0, 5) truncated to β &gt; 0, i.e. half-Cauchy(5)).</summary>
    public static RegressionAdjustment Peese(ScalePrior coefficientPrior) => new(RegressionPredictor.Variance, coefficientPrior);

    /// <inheritdoc />
    public override string ToString() => Label;
}

/// <summary>No publication-bias adjustment.</summary>
public sealed class NoBiasAdjustment : BiasAdjustment
{
    internal NoBiasAdjustment()
    {
    }

    /// <inheritdoc />
    public override string Label => "none";
}

/// <summary>
/// A step weight function: the probability that an effect is published is ω_j when its p-value lies in
/// interval j, with ω₁ = 1 for the most significant interval and 1 ≥ ω₂ ≥ ... ≥ ω_J &gt; 0 under RoBMA's
/// cumulative Dirichlet prior (<see cref="CumulativeDirichletStepWeights"/>).
/// </summary>
public sealed class WeightFunctionAdjustment : BiasAdjustment
{
    internal WeightFunctionAdjustment(PValueSides sides, IReadOnlyList<double> steps, IReadOnlyList<double>? alpha)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new InvalidInputException("steps", "a weight function needs at least one cut point");
        }

        for (var j = 0; j < steps.Count; j++)
        {
            if (!(steps[j] > 0 && steps[j] < 1) || (j > 0 && !(steps[j] > steps[j - 1])))
            {
                throw new InvalidInputException(Guard.Element("steps", j), "cut points must increase strictly inside (0, 1)");
            }
        }

        Sides = sides;
        Steps = steps.ToArray();
        Alpha = (alpha ?? Enumerable.Repeat(1.0, steps.Count + 1).ToArray()).ToArray();
        WeightPrior = new CumulativeDirichletStepWeights(Alpha);
        if (WeightPrior.Intervals != Steps.Count + 1)
        {
            throw new InvalidInputException("alpha", string.Create(CultureInfo.InvariantCulture, $"needs one concentration per interval ({Steps.Count + 1}), got {Alpha.Count}"));
        }
    }

    /// <summary>One- or two-sided p-values.</summary>
    public PValueSides Sides { get; }

    /// <summary>The cut points, increasing (the final 1 implied).</summary>
    public IReadOnlyList<double> Steps { get; }

    /// <summary>The cumulative Dirichlet concentrations, one per interval.</summary>
    public IReadOnlyList<double> Alpha { get; }

    /// <summary>The prior on the weights.</summary>
    public CumulativeDirichletStepWeights WeightPrior { get; }

    /// <summary>Number of intervals J (free weights: J − 1).</summary>
    public int Intervals => Steps.Count + 1;

    /// <inheritdoc />
    public override string Label => string.Create(
        CultureInfo.InvariantCulture,
        $"omega[{(Sides == PValueSides.OneSided ? "one-sided" : "two-sided")}: {string.Join(", ", Steps)}]");
}

/// <summary>What a PET or PEESE regression puts the effects on.</summary>
public enum RegressionPredictor
{
    /// <summary>PET: the standard error √vᵢ.</summary>
    StandardError,

    /// <summary>PEESE: the sampling variance vᵢ.</summary>
    Variance,
}

/// <summary>PET or PEESE: the expected effect grows with the standard error (or variance), μᵢ = μ + β xᵢ, β &gt; 0.</summary>
public sealed class RegressionAdjustment : BiasAdjustment
{
    internal RegressionAdjustment(RegressionPredictor predictor, ScalePrior coefficientPrior)
    {
        ArgumentNullException.ThrowIfNull(coefficientPrior);
        Predictor = predictor;
        CoefficientPrior = coefficientPrior;
    }

    /// <summary>Standard error (PET) or variance (PEESE).</summary>
    public RegressionPredictor Predictor { get; }

    /// <summary>The prior on β, on (0, ∞).</summary>
    public ScalePrior CoefficientPrior { get; }

    /// <summary>"PET" or "PEESE".</summary>
    public string ParameterName => Predictor == RegressionPredictor.StandardError ? "PET" : "PEESE";

    /// <inheritdoc />
    public override string Label => $"{ParameterName} ~ {CoefficientPrior}";
}
