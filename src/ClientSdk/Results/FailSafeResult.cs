using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>A fail-safe number: how many null studies would be needed to overturn the result.</summary>
public sealed class FailSafeResult
{
    internal FailSafeResult(FailSafeNumber raw) => Raw = raw;

    /// <summary>The contract's message.</summary>
    public FailSafeNumber Raw { get; }

    /// <summary>"Rosenthal" or "Orwin".</summary>
    public string Method => Raw.Method;

    /// <summary>The fail-safe number.</summary>
    public double Number => Raw.Number;

    /// <summary>Rosenthal: the p-value of the combined test; null for Orwin's.</summary>
    public double? PValue => Presence.Of(Raw.HasPValue, Raw.PValue);

    /// <summary>The target: the significance level (Rosenthal) or the effect size (Orwin).</summary>
    public double Target => Raw.Target;
}
