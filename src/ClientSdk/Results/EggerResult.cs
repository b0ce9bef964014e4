using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>Egger's regression test for funnel-plot asymmetry.</summary>
public sealed class EggerResult
{
    internal EggerResult(EggerTest raw) => Raw = raw;

    /// <summary>The contract's message.</summary>
    public EggerTest Raw { get; }

    /// <summary>"rma" (mixed-effects) or "lm" (classical).</summary>
    public string Model => Raw.Model;

    /// <summary>The slope on the standard error (the asymmetry).</summary>
    public double Slope => Raw.Slope;

    /// <summary>Standard error of the slope.</summary>
    public double SlopeSe => Raw.SlopeSe;

    /// <summary>The test statistic (z or t).</summary>
    public double Statistic => Raw.Statistic;

    /// <summary>Degrees of freedom of a t test; null for a z test.</summary>
    public double? Df => Presence.Of(Raw.HasDf, Raw.Df);

    /// <summary>The p-value.</summary>
    public double PValue => Raw.PValue;

    /// <summary>The estimate as the standard error goes to 0.</summary>
    public double LimitEstimate => Raw.LimitEstimate;

    /// <summary>Standard error of <see cref="LimitEstimate"/>.</summary>
    public double LimitSe => Raw.LimitSe;
}
