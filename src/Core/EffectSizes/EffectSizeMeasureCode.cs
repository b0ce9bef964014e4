using System.Diagnostics.CodeAnalysis;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>metafor's <c>measure</c> codes (<c>"SMD"</c>, <c>"RR"</c>, ...) for <see cref="EffectSizeMeasure"/>.</summary>
public static class EffectSizeMeasureCode
{
    private static readonly Dictionary<EffectSizeMeasure, string> Codes = new()
    {
        [EffectSizeMeasure.MeanDifference] = "MD",
        [EffectSizeMeasure.StandardizedMeanDifference] = "SMD",
        [EffectSizeMeasure.LogRatioOfMeans] = "ROM",
        [EffectSizeMeasure.LogRiskRatio] = "RR",
        [EffectSizeMeasure.LogOddsRatio] = "OR",
        [EffectSizeMeasure.RiskDifference] = "RD",
        [EffectSizeMeasure.Correlation] = "COR",
        [EffectSizeMeasure.FisherZCorrelation] = "ZCOR",
        [EffectSizeMeasure.Proportion] = "PR",
        [EffectSizeMeasure.LogitProportion] = "PLO",
        [EffectSizeMeasure.MeanChange] = "MC",
        [EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd] = "SMCC",
        [EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd] = "SMCR",
        [EffectSizeMeasure.StandardizedMeanChangeByRawScoreSdHeteroscedastic] = "SMCRH",
    };

    private static readonly Dictionary<string, EffectSizeMeasure> Measures =
        Codes.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every supported code, in the order of <see cref="EffectSizeMeasure"/>.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<EffectSizeMeasure>().Select(m => Codes[m]).ToArray();

    /// <summary>metafor's code for <paramref name="measure"/>, e.g. <c>"SMCC"</c>.</summary>
    public static string Of(EffectSizeMeasure measure) =>
        Codes.TryGetValue(measure, out var code) ? code : throw new InvalidInputException("measure", $"unknown measure {(int)measure}");

    /// <summary>The measure for a metafor code (case-sensitive, as metafor); false for codes not supported.</summary>
    public static bool TryParse(string? code, [NotNullWhen(true)] out EffectSizeMeasure? measure)
    {
        if (code is not null && Measures.TryGetValue(code, out var found))
        {
            measure = found;
            return true;
        }

        measure = null;
        return false;
    }

    /// <summary>The measure for a metafor code; throws <see cref="InvalidInputException"/> on <paramref name="field"/> for an unknown code.</summary>
    public static EffectSizeMeasure Parse(string? code, string field = "measure") =>
        TryParse(code, out var measure)
            ? measure.Value
            : throw new InvalidInputException(field, $"unknown measure '{code}'; supported: {string.Join(", ", All)}");

    /// <summary>Whether the measure is a within-subject pre/post measure that uses the pre/post correlation <c>ri</c>.</summary>
    public static bool UsesPrePostCorrelation(EffectSizeMeasure measure) => measure is EffectSizeMeasure.MeanChange
        or EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd
        or EffectSizeMeasure.StandardizedMeanChangeByRawScoreSd
        or EffectSizeMeasure.StandardizedMeanChangeByRawScoreSdHeteroscedastic;
}
