using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>A drawn figure with a file name (no extension), a caption and its size in pixels.</summary>
/// <param name="Name">File name without extension, e.g. <c>forest-random-effects</c>.</param>
/// <param name="Caption">What the figure shows, for the report.</param>
/// <param name="Plot">The plot.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Group">What the figure belongs to in a report (a model's name); null for the batch as a whole.</param>
public sealed record Figure(string Name, string Caption, Plot Plot, int Width, int Height, string? Group = null)
{
    /// <summary>The figure as PNG bytes.</summary>
    public byte[] Png() => Plot.GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The figure as SVG text.</summary>
    public string Svg() => Plot.GetSvgXml(Width, Height);
}
