using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// The contract's string codes of the SDK's enums, declared once. A value outside an enum (a cast integer)
/// is refused here, so no builder can send a code the server would have to guess at.
/// </summary>
public static class ContractCodes
{
    /// <summary>The enum value whose contract code is <paramref name="code"/> (e.g. <c>"REML"</c> → <see cref="Tau2Method.Reml"/>).</summary>
    /// <exception cref="ArgumentException">No value has this code.</exception>
    public static TEnum FromCode<TEnum>(string code)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (CodeOf(value) == code)
            {
                return value;
            }
        }

        throw new ArgumentException($"'{(code.Length > 40 ? code[..40] + "…" : code)}' is not a code of {typeof(TEnum).Name}", nameof(code));
    }

    private static string CodeOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => value switch
        {
            Tau2Method method => Of(method),
            CoefficientTest test => Of(test),
            RobustEstimator robust => Of(robust),
            EggerRegression regression => Of(regression),
            EffectMeasure measure => Of(measure),
            ZeroCellTarget target => Of(target),
            _ => value.ToString(),
        };

    /// <summary>The contract code of the value.</summary>
    public static string Of(Tau2Method method) => method switch
    {
        Tau2Method.Reml => "REML",
        Tau2Method.MaximumLikelihood => "ML",
        Tau2Method.DerSimonianLaird => "DL",
        Tau2Method.Hedges => "HE",
        Tau2Method.HunterSchmidt => "HS",
        Tau2Method.SidikJonkman => "SJ",
        Tau2Method.EmpiricalBayes => "EB",
        Tau2Method.PauleMandel => "PM",
        Tau2Method.EqualEffects => "EE",
        _ => throw Undefined(method),
    };

    /// <summary>The contract code of the value.</summary>
    public static string Of(CoefficientTest test) => test switch
    {
        CoefficientTest.Z => "z",
        CoefficientTest.T => "t",
        CoefficientTest.KnappHartung => "knha",
        _ => throw Undefined(test),
    };

    /// <summary>The robust estimator's code; the empty string (model-based inference) when there is none.</summary>
    public static string Of(RobustEstimator? robust) => robust switch
    {
        null => string.Empty,
        RobustEstimator.CR0 => "CR0",
        RobustEstimator.CR1 => "CR1",
        RobustEstimator.CR1p => "CR1p",
        RobustEstimator.CR2 => "CR2",
        _ => throw Undefined(robust.Value),
    };

    /// <summary>The contract code of the value.</summary>
    public static string Of(EggerRegression regression) => regression switch
    {
        EggerRegression.MixedEffects => "rma",
        EggerRegression.Classical => "lm",
        _ => throw Undefined(regression),
    };

    /// <summary>The contract code of the value.</summary>
    public static string Of(EffectMeasure measure) => measure switch
    {
        EffectMeasure.StandardizedMeanDifference => "SMD",
        EffectMeasure.MeanDifference => "MD",
        EffectMeasure.RatioOfMeans => "ROM",
        EffectMeasure.RiskRatio => "RR",
        EffectMeasure.OddsRatio => "OR",
        EffectMeasure.RiskDifference => "RD",
        EffectMeasure.Correlation => "COR",
        EffectMeasure.FisherZ => "ZCOR",
        EffectMeasure.Proportion => "PR",
        EffectMeasure.LogitProportion => "PLO",
        EffectMeasure.MeanChange => "MC",
        EffectMeasure.StandardizedMeanChangeChangeScore => "SMCC",
        EffectMeasure.StandardizedMeanChangeRawScore => "SMCR",
        EffectMeasure.StandardizedMeanChangeRawScoreHeteroscedastic => "SMCRH",
        _ => throw Undefined(measure),
    };

    /// <summary>The contract code of the value.</summary>
    public static string Of(ZeroCellTarget target) => target switch
    {
        ZeroCellTarget.OnlyTablesWithZero => "only0",
        ZeroCellTarget.All => "all",
        ZeroCellTarget.AllIfAnyZero => "if0all",
        ZeroCellTarget.None => "none",
        _ => throw Undefined(target),
    };

    /// <summary>The column of <paramref name="raw"/> that <paramref name="column"/> names.</summary>
    internal static Google.Protobuf.Collections.RepeatedField<double> Of(RawColumn column, RawColumns raw) => column switch
    {
        RawColumn.Ai => raw.Ai,
        RawColumn.Bi => raw.Bi,
        RawColumn.Ci => raw.Ci,
        RawColumn.Di => raw.Di,
        RawColumn.N1i => raw.N1I,
        RawColumn.N2i => raw.N2I,
        RawColumn.M1i => raw.M1I,
        RawColumn.M2i => raw.M2I,
        RawColumn.Sd1i => raw.Sd1I,
        RawColumn.Sd2i => raw.Sd2I,
        RawColumn.Ni => raw.Ni,
        RawColumn.Ri => raw.Ri,
        RawColumn.Xi => raw.Xi,
        _ => throw Undefined(column),
    };

    private static ArgumentOutOfRangeException Undefined<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        new(typeof(TEnum).Name, value, $"{value} is not a {typeof(TEnum).Name}");
}
