namespace MetaAnalysis.Reports.Plots;

/// <summary>The file formats figures are written in.</summary>
[Flags]
public enum FigureFormat
{
    /// <summary>No files.</summary>
    None = 0,

    /// <summary>PNG images.</summary>
    Png = 1,

    /// <summary>SVG vector images.</summary>
    Svg = 2,
}
