using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>The colours and marker sizes every figure shares, so figures of one report look alike.</summary>
public static class PlotStyle
{
    /// <summary>Observed effects and frequentist estimates.</summary>
    public static Color Observed { get; } = Color.FromHex("#1f4e79");

    /// <summary>Bayesian (posterior) quantities.</summary>
    public static Color Posterior { get; } = Color.FromHex("#c0392b");

    /// <summary>Priors.</summary>
    public static Color Prior { get; } = Color.FromHex("#7f8c8d");

    /// <summary>Filled-in (trim-and-fill) effects.</summary>
    public static Color Filled { get; } = Color.FromHex("#e67e22");

    /// <summary>Reference lines (no effect).</summary>
    public static Color Reference { get; } = Color.FromHex("#555555");

    /// <summary>Colours of chains and series, in order.</summary>
    public static IReadOnlyList<Color> Series { get; } =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"),
        Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#17becf"),
    ];

    /// <summary>The colour of series <paramref name="index"/>.</summary>
    public static Color SeriesColor(int index) => Series[index % Series.Count];

    /// <summary>A new plot in the shared font, with the shared title and axis labels.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        EmbeddedFonts.Register();
        var plot = new Plot();
        plot.Font.Set(EmbeddedFonts.Sans);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Axes.Title.Label.FontName = EmbeddedFonts.Sans;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = 13;
        }

        return plot;
    }

    /// <summary>Marker sizes from 4 to 16 pixels in proportion to √weight, the largest weight getting the largest marker.</summary>
    public static float[] MarkerSizes(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var largest = weights.Count == 0 ? 1 : weights.Max();
        return weights.Select(w => (float)(4 + (12 * Math.Sqrt(w / largest)))).ToArray();
    }

    /// <summary>Adds a legend entry that is not tied to a drawn item (a marker kind used many times).</summary>
    public static void LegendEntry(Plot plot, string text, MarkerShape shape, Color color)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = text,
            MarkerShape = shape,
            MarkerFillColor = color,
            MarkerLineColor = color,
            MarkerSize = 8,
        });
    }
}
