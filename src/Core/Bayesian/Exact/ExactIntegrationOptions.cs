using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>Accuracy settings of the exact engine.</summary>
public sealed record ExactIntegrationOptions
{
    /// <summary>The default settings.</summary>
    public static ExactIntegrationOptions Default { get; } = new();

    /// <summary>Target of the integration error estimate relative to the integral (default 1e-9).</summary>
    public double RelativeTolerance { get; init; } = 1e-9;

    /// <summary>Largest number of panels per one-dimensional integral (default 200).</summary>
    public int MaximumPanels { get; init; } = 200;

    /// <summary>Checks the settings, naming the field at fault.</summary>
    public void Validate()
    {
        if (!double.IsFinite(RelativeTolerance) || RelativeTolerance <= 0 || RelativeTolerance >= 0.1)
        {
            throw new InvalidInputException("options.relative_tolerance", "must be a number between 0 and 0.1");
        }

        if (MaximumPanels < 4)
        {
            throw new InvalidInputException("options.maximum_panels", "must be at least 4");
        }
    }
}
