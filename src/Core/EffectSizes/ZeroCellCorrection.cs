using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// The increment added to every cell of selected 2x2 tables (or to the events and non-events of a single
/// proportion) so that log ratios and logits stay finite: metafor's <c>add</c> and <c>to</c> arguments.
/// </summary>
/// <remarks>
/// metafor's default is <c>add = 1/2, to = "only0"</c> for RR, OR, RD, PR and PLO alike, so the risk
/// difference and the raw proportion of a table with a zero cell are computed from the incremented
/// counts too; <see cref="None"/> turns this off. A table "has a zero" when any of its four cells is 0
/// (for a proportion: no events, or only events). An increment of 0 changes nothing, as in metafor.
/// </remarks>
public sealed record ZeroCellCorrection
{
    /// <summary>Creates a correction adding <paramref name="add"/> to the cells of the tables chosen by <paramref name="to"/>.</summary>
    public ZeroCellCorrection(ZeroCellTables to, double add)
    {
        if (!Enum.IsDefined(to))
        {
            throw new InvalidInputException("options.zeroCellCorrection.to", $"unknown choice {(int)to}");
        }

        if (!double.IsFinite(add) || add < 0)
        {
            throw new InvalidInputException("options.zeroCellCorrection.add", $"must be a finite number of at least 0, got {add}");
        }

        To = to;
        Add = add;
    }

    /// <summary>metafor's default: add 1/2 to each cell of the tables that have a zero cell.</summary>
    public static ZeroCellCorrection MetaforDefault { get; } = new(ZeroCellTables.OnlyTablesWithZero, 0.5);

    /// <summary>No correction: counts are used as given.</summary>
    public static ZeroCellCorrection None { get; } = new(ZeroCellTables.None, 0);

    /// <summary>Which tables get the increment.</summary>
    public ZeroCellTables To { get; }

    /// <summary>The increment added to each cell.</summary>
    public double Add { get; }

    /// <summary>
    /// Reads metafor's arguments: <paramref name="to"/> one of <c>only0 all if0all none</c> (default
    /// <c>only0</c>) and <paramref name="add"/> (default 1/2).
    /// </summary>
    public static ZeroCellCorrection FromMetaforArguments(string? to, double? add)
    {
        var tables = to switch
        {
            null or "only0" => ZeroCellTables.OnlyTablesWithZero,
            "all" => ZeroCellTables.AllTables,
            "if0all" => ZeroCellTables.AllTablesIfAnyHasZero,
            "none" => ZeroCellTables.None,
            _ => throw new InvalidInputException("options.to", $"must be one of only0, all, if0all, none; got '{to}'"),
        };
        return new ZeroCellCorrection(tables, add ?? 0.5);
    }

    /// <summary>For each table, whether its cells get the increment, given which tables have a zero cell.</summary>
    internal bool[] TablesToAdjust(IReadOnlyList<bool> hasZeroCell)
    {
        if (Add == 0)
        {
            return new bool[hasZeroCell.Count];
        }

        return To switch
        {
            ZeroCellTables.OnlyTablesWithZero => hasZeroCell.ToArray(),
            ZeroCellTables.AllTables => Enumerable.Repeat(true, hasZeroCell.Count).ToArray(),
            ZeroCellTables.AllTablesIfAnyHasZero => Enumerable.Repeat(hasZeroCell.Any(z => z), hasZeroCell.Count).ToArray(),
            _ => new bool[hasZeroCell.Count],
        };
    }
}
