namespace MetaAnalysis.Reports.Plots;

/// <summary>Writes figures to a folder.</summary>
public static class FigureFiles
{
    /// <summary>Writes every figure in every requested format; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(IEnumerable<Figure> figures, string folder, FigureFormat formats)
    {
        ArgumentNullException.ThrowIfNull(figures);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var figure in figures)
        {
            if (formats.HasFlag(FigureFormat.Png))
            {
                var path = Path.Combine(folder, figure.Name + ".png");
                File.WriteAllBytes(path, figure.Png());
                written.Add(path);
            }

            if (formats.HasFlag(FigureFormat.Svg))
            {
                var path = Path.Combine(folder, figure.Name + ".svg");
                File.WriteAllText(path, figure.Svg());
                written.Add(path);
            }
        }

        return written;
    }
}
