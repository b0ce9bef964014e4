using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>The τ² estimators by metafor's codes.</summary>
public static class Tau2Estimators
{
    private static readonly ITau2Estimator[] All =
    [
        new EqualEffects(),
        new DerSimonianLaird(),
        new HedgesOlkin(),
        new HunterSchmidt(),
        new SidikJonkman(),
        new MaximumLikelihood(),
        new RestrictedMaximumLikelihood(),
        new EmpiricalBayes(),
        new PauleMandel(),
    ];

    /// <summary>The supported codes: EE DL HE HS SJ ML REML EB PM.</summary>
    public static IReadOnlyList<string> Codes { get; } = All.Select(e => e.Code).ToArray();

    /// <summary>
    /// The estimator for <paramref name="code"/> (case-insensitive; metafor's aliases FE and CE mean EE).
    /// Throws <see cref="InvalidInputException"/> on field <c>method</c> for an unknown code.
    /// </summary>
    public static ITau2Estimator FromCode(string code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new InvalidInputException("method", "is required; use one of " + string.Join(", ", Codes));
        }

        var normalized = code.Trim().ToUpperInvariant();
        if (normalized is "FE" or "CE")
        {
            normalized = "EE";
        }

        return All.FirstOrDefault(e => e.Code == normalized)
            ?? throw new InvalidInputException("method", $"unknown τ² estimator '{code}'; use one of {string.Join(", ", Codes)}");
    }
}
