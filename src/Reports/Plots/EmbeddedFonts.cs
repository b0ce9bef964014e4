using ScottPlot;
using SkiaSharp;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The fonts every figure uses, built into this assembly (DejaVu Sans and DejaVu Sans Mono): a figure
/// looks the same on a laptop, a worker container without fonts and the server that renders a report.
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    /// <summary>The text of titles, labels and ticks.</summary>
    public const string Sans = "DejaVu Sans";

    /// <summary>Columns of numbers that must line up (the forest plot's estimates and weights).</summary>
    public const string Mono = "DejaVu Sans Mono";

    private static readonly Lazy<EmbeddedFonts> Registered = new(() =>
    {
        var fonts = new EmbeddedFonts();
        Fonts.FontResolvers.Insert(0, fonts);
        return fonts;
    });

    private readonly Dictionary<(string Name, bool Bold), byte[]> files = new()
    {
        [(Sans, false)] = Read("DejaVuSans.ttf"),
        [(Sans, true)] = Read("DejaVuSans-Bold.ttf"),
        [(Mono, false)] = Read("DejaVuSansMono.ttf"),
    };

    /// <summary>Puts the fonts before the system's, once per process.</summary>
    public static void Register() => _ = Registered.Value;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, bool Bold), SKTypeface> typefaces = new();

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
    {
        var key = files.ContainsKey((fontName, bold)) ? (fontName, bold) : (fontName, false);
        return files.TryGetValue(key, out var file) ? typefaces.GetOrAdd(key, _ => SKTypeface.FromData(SKData.CreateCopy(file))) : null;
    }

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

    private static byte[] Read(string file)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Fonts.{file}")
            ?? throw new InvalidOperationException($"the font {file} is not built into this assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
