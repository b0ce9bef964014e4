namespace MetaAnalysis.Cli.Commands;

/// <summary>How wide each column of a terminal table is, so that the table fits and no word is split.</summary>
public static class ColumnWidths
{
    /// <summary>
    /// The widths of columns that are <paramref name="natural"/> wide unwrapped and at least
    /// <paramref name="minimum"/> wide (their longest word: a number, an interval bound) when every cell
    /// wraps at its spaces, given <paramref name="available"/> columns between the borders: the natural
    /// widths when they fit, else the widest columns narrowed first, never below their minimum. Null when
    /// even the minimums do not fit (the caller then lays the table out differently).
    /// </summary>
    public static int[]? Fit(IReadOnlyList<int> natural, IReadOnlyList<int> minimum, int available)
    {
        ArgumentNullException.ThrowIfNull(natural);
        ArgumentNullException.ThrowIfNull(minimum);
        if (natural.Count != minimum.Count)
        {
            throw new ArgumentException("one minimum per column", nameof(minimum));
        }

        var widths = natural.Select((n, c) => Math.Max(n, minimum[c])).ToArray();
        if (minimum.Sum() > available)
        {
            return null;
        }

        for (var excess = widths.Sum() - available; excess > 0; excess--)
        {
            var widest = -1;
            for (var c = 0; c < widths.Length; c++)
            {
                if (widths[c] > minimum[c] && (widest < 0 || widths[c] > widths[widest]))
                {
                    widest = c;
                }
            }

            widths[widest]--;
        }

        return widths;
    }
}
