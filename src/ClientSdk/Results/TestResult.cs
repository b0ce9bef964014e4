using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>A test statistic: QM (χ² on df), F (on df and df2) or QB (subgroup differences).</summary>
public sealed class TestResult
{
    internal TestResult(TestStatistic raw) => Raw = raw;

    /// <summary>The contract's message.</summary>
    public TestStatistic Raw { get; }

    /// <summary>"QM", "F" or "QB".</summary>
    public string Name => Raw.Name;

    /// <summary>The statistic.</summary>
    public double Statistic => Raw.Statistic;

    /// <summary>Degrees of freedom (the numerator's for F).</summary>
    public double Df => Raw.Df;

    /// <summary>The denominator's degrees of freedom of an F test; null otherwise.</summary>
    public double? Df2 => Presence.Of(Raw.HasDf2, Raw.Df2);

    /// <summary>The p-value.</summary>
    public double PValue => Raw.PValue;

    /// <summary>What it tests, in words.</summary>
    public string Description => Raw.Description;

    /// <summary>The test, or null when the result has none.</summary>
    internal static TestResult? From(TestStatistic? raw) => raw is null ? null : new TestResult(raw);
}
