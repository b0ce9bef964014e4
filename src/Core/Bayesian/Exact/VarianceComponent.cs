using System.Globalization;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// A standard deviation of the model (τ; σ between clusters; σ within clusters) that is either given a
/// prior and integrated over, or held fixed at a known value (0 for a common-effect model).
/// </summary>
public sealed class VarianceComponent
{
    private VarianceComponent(string name, ScalePrior? prior, double fixedValue)
    {
        Name = name;
        Prior = prior;
        FixedValue = fixedValue;
    }

    /// <summary>The component's name in results: <c>tau</c>, <c>sigma_between</c>, <c>sigma_within</c>.</summary>
    public string Name { get; }

    /// <summary>The prior on the standard deviation; null when the component is fixed.</summary>
    public ScalePrior? Prior { get; }

    /// <summary>The fixed value of the standard deviation (meaningful when <see cref="IsFixed"/>).</summary>
    public double FixedValue { get; }

    /// <summary>Whether the component is held fixed instead of integrated over.</summary>
    public bool IsFixed => Prior is null;

    /// <summary>A component with <paramref name="prior"/>, integrated over.</summary>
    public static VarianceComponent WithPrior(string name, ScalePrior prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        return new VarianceComponent(name, prior, double.NaN);
    }

    /// <summary>A component held at standard deviation <paramref name="value"/> ≥ 0.</summary>
    public static VarianceComponent Fixed(string name, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new InvalidInputException(name, string.Create(CultureInfo.InvariantCulture, $"a fixed standard deviation must be a finite number of at least 0, got {value}"));
        }

        return new VarianceComponent(name, null, value);
    }

    /// <inheritdoc />
    public override string ToString() => IsFixed
        ? string.Create(CultureInfo.InvariantCulture, $"{Name} = {FixedValue}")
        : $"{Name} ~ {Prior}";
}
