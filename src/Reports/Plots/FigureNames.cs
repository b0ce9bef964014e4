using System.Text;

namespace MetaAnalysis.Reports.Plots;

/// <summary>How figures are named on disk and in a report.</summary>
public static class FigureNames
{
    /// <summary>A file-name form of <paramref name="text"/>: lower-case letters and digits joined by dashes.</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder();

        // Spline columns are named dose, dose', dose'': the primes must survive.
        foreach (var c in text.Replace("'", " prime ", StringComparison.Ordinal).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }
}
