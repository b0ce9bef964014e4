namespace MetaAnalysis.Core.EffectSizes;

/// <summary>Which tables get the zero-cell increment (metafor's <c>to</c> argument).</summary>
public enum ZeroCellTables
{
    /// <summary>No table is changed (<c>to = "none"</c>); a zero cell can then make the measure undefined.</summary>
    None,

    /// <summary>Only tables with at least one zero cell (<c>to = "only0"</c>, metafor's default).</summary>
    OnlyTablesWithZero,

    /// <summary>Every table (<c>to = "all"</c>).</summary>
    AllTables,

    /// <summary>Every table, but only when at least one table has a zero cell (<c>to = "if0all"</c>).</summary>
    AllTablesIfAnyHasZero,
}
