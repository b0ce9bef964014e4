namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>Duval and Tweedie's estimators of the number of missing studies.</summary>
public enum TrimAndFillEstimator
{
    /// <summary>L0 = (4 S_r - k(k + 1)) / (2k - 1), from the Wilcoxon rank sum of the positive centred effects.</summary>
    L0,

    /// <summary>R0 = γ* - 1, from the length of the rightmost run of positive ranks.</summary>
    R0,
}

/// <summary>The side of the funnel plot on which studies are presumed missing.</summary>
public enum FunnelSide
{
    /// <summary>Missing studies have small effects (the usual case when large effects get published).</summary>
    Left,

    /// <summary>Missing studies have large effects.</summary>
    Right,
}
