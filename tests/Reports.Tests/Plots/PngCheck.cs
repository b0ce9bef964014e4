using SkiaSharp;

namespace MetaAnalysis.Reports.Tests.Plots;

/// <summary>Opens a PNG and says whether something was drawn on it.</summary>
internal static class PngCheck
{
    /// <summary>
    /// The share of pixels that differ from the top-left pixel (the background), and the number of distinct
    /// colours: a blank or single-colour image has 0 and 1.
    /// </summary>
    public static (double DrawnShare, int Colours) Inspect(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException("not a PNG image");
        var background = bitmap.GetPixel(0, 0);
        var drawn = 0;
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                colours.Add(pixel);
                if (pixel != background)
                {
                    drawn++;
                }
            }
        }

        return ((double)drawn / (bitmap.Width * bitmap.Height), colours.Count);
    }

    /// <summary>Asserts that the PNG has lines, text and colour on it.</summary>
    public static void AssertNotBlank(byte[] png, string name)
    {
        var (share, colours) = Inspect(png);
        Assert.True(share > 0.02, $"{name}: only {share:P2} of the pixels are drawn");
        Assert.True(colours >= 8, $"{name}: only {colours} colours");
    }
}
