using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>The effect sizes the server computed from raw columns.</summary>
public sealed class EffectSizeResult
{
    internal EffectSizeResult(EffectSizeTable raw) => Raw = raw;

    /// <summary>The contract's message.</summary>
    public EffectSizeTable Raw { get; }

    /// <summary>The measure's code (e.g. "SMD").</summary>
    public string Measure => Raw.Measure;

    /// <summary>The effect sizes.</summary>
    public IReadOnlyList<double> Yi => Raw.Yi;

    /// <summary>Their sampling variances.</summary>
    public IReadOnlyList<double> Vi => Raw.Vi;

    /// <summary>Rows (0-based) whose cells got the zero-cell correction.</summary>
    public IReadOnlyList<int> ZeroCellCorrectedRows => Raw.ZeroCellCorrectedRows;

    /// <summary>Rows (0-based) whose pre/post correlation was imputed.</summary>
    public IReadOnlyList<int> ImputedCorrelationRows => Raw.ImputedCorrelationRows;

    /// <summary>The correlation imputed in <see cref="ImputedCorrelationRows"/>; null when none was.</summary>
    public double? ImputedCorrelation => Presence.Of(Raw.HasImputedCorrelation, Raw.ImputedCorrelation);
}
