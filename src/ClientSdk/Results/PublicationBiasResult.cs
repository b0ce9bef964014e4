using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>The small-study and publication-bias checks that were asked for; a check not run is null or empty.</summary>
public sealed class PublicationBiasResult
{
    internal PublicationBiasResult(PublicationBiasChecks raw)
    {
        Raw = raw;
        Egger = raw.Egger is null ? null : new EggerResult(raw.Egger);
        TrimAndFill = new NamedDictionary<TrimAndFillResult>(raw.TrimAndFill, t => t.Model, "trim-and-fill model");
        FailSafeN = new NamedDictionary<FailSafeResult>(raw.FailSafeN.Select(f => new FailSafeResult(f)), f => f.Method, "fail-safe N method");
    }

    /// <summary>The contract's message.</summary>
    public PublicationBiasChecks Raw { get; }

    /// <summary>Egger's regression test.</summary>
    public EggerResult? Egger { get; }

    /// <summary>Begg's rank correlation test.</summary>
    public BeggTest? Begg => Raw.Begg;

    /// <summary>Trim-and-fill by model ("random_effects", and "three_level" when the data have clusters).</summary>
    public NamedDictionary<TrimAndFillResult> TrimAndFill { get; }

    /// <summary>Fail-safe numbers by method ("Rosenthal", "Orwin").</summary>
    public NamedDictionary<FailSafeResult> FailSafeN { get; }
}
