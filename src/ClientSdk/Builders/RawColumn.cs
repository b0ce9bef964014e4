namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>The raw summary columns of a data set, under metafor's argument names; a measure reads only the ones it needs.</summary>
public enum RawColumn
{
    /// <summary>2x2 tables: events in group 1.</summary>
    Ai,

    /// <summary>2x2 tables: non-events in group 1.</summary>
    Bi,

    /// <summary>2x2 tables: events in group 2.</summary>
    Ci,

    /// <summary>2x2 tables: non-events in group 2.</summary>
    Di,

    /// <summary>Group 1 size.</summary>
    N1i,

    /// <summary>Group 2 size.</summary>
    N2i,

    /// <summary>Group 1 mean (or the post-treatment mean of a pre/post measure).</summary>
    M1i,

    /// <summary>Group 2 mean (or the pre-treatment mean).</summary>
    M2i,

    /// <summary>Group 1 standard deviation.</summary>
    Sd1i,

    /// <summary>Group 2 standard deviation.</summary>
    Sd2i,

    /// <summary>Sample size of a single-group measure.</summary>
    Ni,

    /// <summary>Correlation (or the pre/post correlation; NaN where it was not reported).</summary>
    Ri,

    /// <summary>Event count of a proportion.</summary>
    Xi,
}
