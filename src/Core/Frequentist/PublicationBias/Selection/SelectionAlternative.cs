namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// The direction of the one-sided p-values on which selection acts (metafor's <c>alternative</c>), computed
/// from the sampling variance only: <see cref="Greater"/> p = 1 - Φ(y/√v), <see cref="Less"/> p = Φ(y/√v).
/// </summary>
public enum SelectionAlternative
{
    /// <summary>Large positive effects are "significant": p = 1 - Φ(y/√v).</summary>
    Greater,

    /// <summary>Large negative effects are "significant": p = Φ(y/√v).</summary>
    Less,
}
