namespace MetaAnalysis.Cli.Plots;

/// <summary>A fitted curve over a grid with its 95% band (confidence or credible).</summary>
/// <param name="X">Grid points.</param>
/// <param name="Estimate">The curve.</param>
/// <param name="Lower">Lower edge of the band.</param>
/// <param name="Upper">Upper edge of the band.</param>
public sealed record CurveBand(double[] X, double[] Estimate, double[] Lower, double[] Upper)
{
    /// <summary>Evaluates <paramref name="at"/> (estimate, lower, upper) on <paramref name="points"/> points from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static CurveBand Of(Func<double, (double Estimate, double Lower, double Upper)> at, double from, double to, int points = 60)
    {
        ArgumentNullException.ThrowIfNull(at);
        var x = Enumerable.Range(0, points).Select(i => from + ((to - from) * i / (points - 1))).ToArray();
        var values = x.Select(at).ToArray();
        return new CurveBand(x, values.Select(v => v.Estimate).ToArray(), values.Select(v => v.Lower).ToArray(), values.Select(v => v.Upper).ToArray());
    }
}
