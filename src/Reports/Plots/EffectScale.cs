using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// How a measure's effects are named and shown: the name of the analysis scale ("log risk ratio"), and for
/// measures analysed on a transformed scale (log ratios, Fisher's z, logits) the scale a reader thinks in
/// ("risk ratio") with the back-transformation, as metafor's <c>forest(..., atransf = exp)</c> draws it.
/// </summary>
/// <param name="AnalysisName">The name of the scale the models work on.</param>
/// <param name="Name">The name of the scale shown to readers (the same as <paramref name="AnalysisName"/> when nothing is transformed).</param>
/// <param name="Back">From the analysis scale to the reader's; null when they are the same.</param>
/// <param name="Forward">From the reader's scale to the analysis scale; null when they are the same.</param>
/// <param name="Candidates">Round values on the reader's scale for axis ticks (transformed scales only).</param>
/// <param name="LogScale">Whether the reader's scale is a ratio drawn on a log axis.</param>
public sealed record EffectScale(string AnalysisName, string Name, Func<double, double>? Back, Func<double, double>? Forward, IReadOnlyList<double> Candidates, bool LogScale)
{
    private static readonly double[] Ratios = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];
    private static readonly double[] FineRatios = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 10];
    private static readonly double[] Correlations = [-0.99, -0.9, -0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.99];
    private static readonly double[] Proportions = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

    /// <summary>The scale of metafor's measure <paramref name="measure"/>; a plain "effect size" for ready-made effects (null).</summary>
    public static EffectScale For(string? measure) => measure switch
    {
        "RR" => Ratio("log risk ratio", "risk ratio"),
        "OR" => Ratio("log odds ratio", "odds ratio"),
        "ROM" => Ratio("log ratio of means", "ratio of means"),
        "ZCOR" => new EffectScale("Fisher's z", "correlation", Math.Tanh, Math.Atanh, Correlations, false),
        "PLO" => new EffectScale("logit proportion", "proportion", x => 1 / (1 + Math.Exp(-x)), p => Math.Log(p / (1 - p)), Proportions, false),
        "MD" => Plain("mean difference"),
        "SMD" => Plain("standardized mean difference (Hedges' g)"),
        "RD" => Plain("risk difference"),
        "COR" => Plain("correlation"),
        "PR" => Plain("proportion"),
        "MC" => Plain("mean change"),
        "SMCC" => Plain("standardized mean change (change-score SD)"),
        "SMCR" => Plain("standardized mean change (raw-score SD)"),
        "SMCRH" => Plain("standardized mean change (raw-score SD, unequal variances)"),
        _ => Plain("effect size"),
    };

    /// <summary>The value of no effect on the analysis scale (a dashed line in forest plots); null for proportions, which have none.</summary>
    public double? NoEffect => AnalysisName.Contains("proportion", StringComparison.Ordinal) ? null : 0;

    /// <summary>Whether the reader's scale differs from the analysis scale.</summary>
    public bool Transformed => Back is not null;

    /// <summary>The axis label of a figure drawn on the reader's scale.</summary>
    public string AxisLabel => LogScale ? $"{Name} (log scale)" : Name;

    /// <summary>A value of the analysis scale on the reader's.</summary>
    public double Show(double value) => Back?.Invoke(value) ?? value;

    /// <summary>An estimate and its interval on the reader's scale, as a forest plot's text column prints them.</summary>
    public string Format(double estimate, double lower, double upper) =>
        string.Create(CultureInfo.InvariantCulture, $"{Show(estimate),6:F2} [{Show(lower),5:F2}, {Show(upper),5:F2}]");

    /// <summary>
    /// Ticks on the analysis scale between <paramref name="min"/> and <paramref name="max"/>, labelled on the
    /// reader's; null for an untransformed scale (the plot's own ticks are right).
    /// </summary>
    public ITickGenerator? Ticks(double min, double max)
    {
        if (Forward is null)
        {
            return null;
        }

        var forward = Candidates.Select(v => (Value: v, Position: Forward(v))).Where(t => t.Position >= min && t.Position <= max).ToList();
        if (forward.Count < 4 && LogScale)
        {
            forward = FineRatios.Select(v => (Value: v, Position: Math.Log(v))).Where(t => t.Position >= min && t.Position <= max).ToList();
        }

        return new NumericManual(
            forward.Select(t => t.Position).ToArray(),
            forward.Select(t => t.Value.ToString("0.##", CultureInfo.InvariantCulture)).ToArray());
    }

    private static EffectScale Ratio(string analysis, string name) => new(analysis, name, Math.Exp, Math.Log, Ratios, true);

    private static EffectScale Plain(string name) => new(name, name, null, null, [], false);
}
