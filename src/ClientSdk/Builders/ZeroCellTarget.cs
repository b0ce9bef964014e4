namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Which 2x2 tables (or proportions) get the zero-cell correction (metafor's <c>to</c>).</summary>
public enum ZeroCellTarget
{
    /// <summary>Only tables with a zero cell ("only0"), the server's default.</summary>
    OnlyTablesWithZero,

    /// <summary>Every table ("all").</summary>
    All,

    /// <summary>Every table, when any table has a zero cell ("if0all").</summary>
    AllIfAnyZero,

    /// <summary>No table ("none").</summary>
    None,
}
