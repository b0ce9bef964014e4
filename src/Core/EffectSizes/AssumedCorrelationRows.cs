namespace MetaAnalysis.Core.EffectSizes;

/// <summary>Which rows a correlation sensitivity sweep gives the assumed pre/post correlation.</summary>
public enum AssumedCorrelationRows
{
    /// <summary>Only rows whose <c>ri</c> is missing (NaN); reported correlations are kept.</summary>
    MissingOnly,

    /// <summary>Every row, reported correlations included (the whole analysis under one assumed r).</summary>
    AllRows,
}
