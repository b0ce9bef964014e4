using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>The choices of a random-effects (meta-regression) fit, named as metafor's arguments.</summary>
public sealed record RandomEffectsOptions
{
    /// <summary>REML, z tests, 95% intervals: metafor's defaults.</summary>
    public static RandomEffectsOptions Default { get; } = new();

    /// <summary>The τ² estimator's code (EE DL HE HS SJ ML REML EB PM); see <see cref="Tau2.Tau2Estimators"/>.</summary>
    public string Method { get; init; } = "REML";

    /// <summary>How coefficients are tested.</summary>
    public CoefficientTest Test { get; init; } = CoefficientTest.Z;

    /// <summary>Confidence level of the intervals, strictly between 0 and 1.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>
    /// The test for metafor's code: <c>z</c>, <c>t</c>, or <c>knha</c> (alias <c>hksj</c>).
    /// Throws <see cref="InvalidInputException"/> on field <c>test</c> otherwise.
    /// </summary>
    public static CoefficientTest TestFromCode(string code) => code?.Trim().ToUpperInvariant() switch
    {
        "Z" => CoefficientTest.Z,
        "T" => CoefficientTest.T,
        "KNHA" or "HKSJ" => CoefficientTest.KnappHartung,
        _ => throw new InvalidInputException("test", $"unknown test '{code}'; use z, t or knha"),
    };

    /// <summary>Checks the level; the method is checked when its estimator is looked up.</summary>
    internal void Validate() => Guard.Level(Level, "level");
}
