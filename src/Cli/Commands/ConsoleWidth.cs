using System.Globalization;

namespace MetaAnalysis.Cli.Commands;

/// <summary>How wide the command line's tables may be.</summary>
public static class ConsoleWidth
{
    /// <summary>
    /// The width given to output that is not a terminal (a file, a pipe): wide enough that no table is
    /// wrapped, so that every row stays on one line for grep, diff and other scripts.
    /// </summary>
    public const int NotWrapped = 4096;

    /// <summary>
    /// The fixed width of the output, or null to follow the terminal's own width: <paramref name="columns"/>
    /// (the <c>COLUMNS</c> variable) when it is a positive whole number, as for <c>ls</c> and Python's
    /// <c>shutil.get_terminal_size</c>; else the terminal's width (null) when the output is one; else
    /// <see cref="NotWrapped"/>.
    /// </summary>
    public static int? Resolve(string? columns, bool outputIsTerminal)
    {
        if (int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0)
        {
            return width;
        }

        return outputIsTerminal ? null : NotWrapped;
    }
}
