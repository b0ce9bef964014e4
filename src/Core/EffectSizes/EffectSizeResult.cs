using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// Effect sizes <c>yi</c> and sampling variances <c>vi</c>, one per input row and in input order, with a
/// record of every row whose inputs were changed on the way: tables that got the zero-cell increment and
/// pre/post rows computed with an imputed correlation, and the rows whose effect is missing (NaN) for want of an input.
/// </summary>
public sealed class EffectSizeResult
{
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly int[] zeroCellCorrectedRows;
    private readonly int[] imputedCorrelationRows;
    private readonly MissingInput[] missingInputs;

    internal EffectSizeResult(EffectSizeMeasure measure, double[] yi, double[] vi, int[]? zeroCellCorrectedRows = null, int[]? imputedCorrelationRows = null, double? imputedCorrelation = null, MissingInput[]? missingInputs = null)
    {
        this.missingInputs = missingInputs ?? [];
        Measure = measure;
        this.yi = yi;
        this.vi = vi;
        this.zeroCellCorrectedRows = zeroCellCorrectedRows ?? [];
        this.imputedCorrelationRows = imputedCorrelationRows ?? [];
        ImputedCorrelation = imputedCorrelation;
    }

    /// <summary>Builds a result by computing (yi, vi) for each of <paramref name="rows"/> rows in order.</summary>
    internal static EffectSizeResult FromRows(EffectSizeMeasure measure, int rows, Func<int, (double Yi, double Vi)> row, int[]? zeroCellCorrectedRows = null, int[]? imputedCorrelationRows = null, double? imputedCorrelation = null)
    {
        var yi = new double[rows];
        var vi = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            (yi[i], vi[i]) = row(i);
        }

        return new EffectSizeResult(measure, yi, vi, zeroCellCorrectedRows, imputedCorrelationRows, imputedCorrelation);
    }

    /// <summary>The measure computed.</summary>
    public EffectSizeMeasure Measure { get; }

    /// <summary>Observed effect sizes.</summary>
    public IReadOnlyList<double> Yi => yi;

    /// <summary>Sampling variances of the effect sizes.</summary>
    public IReadOnlyList<double> Vi => vi;

    /// <summary>Number of rows.</summary>
    public int K => yi.Length;

    /// <summary>Rows (0-based) whose cells got the zero-cell increment.</summary>
    public IReadOnlyList<int> ZeroCellCorrectedRows => zeroCellCorrectedRows;

    /// <summary>Rows (0-based) computed with <see cref="ImputedCorrelation"/> in place of a missing <c>ri</c>.</summary>
    public IReadOnlyList<int> ImputedCorrelationRows => imputedCorrelationRows;

    /// <summary>The correlation assumed for the rows in <see cref="ImputedCorrelationRows"/>; null when none was given.</summary>
    public double? ImputedCorrelation { get; }

    /// <summary>Rows whose yi and vi are missing (NaN) because an input was missing, with the first missing input of each.</summary>
    public IReadOnlyList<MissingInput> MissingInputs => missingInputs;

    /// <summary>
    /// This result of the <paramref name="complete"/> rows of a <paramref name="rows"/>-row input, laid over
    /// every row: NaN at the <paramref name="missing"/> ones, the adjusted rows renumbered.
    /// </summary>
    internal EffectSizeResult Spread(int rows, IReadOnlyList<int> complete, IReadOnlyList<MissingInput> missing)
    {
        var allYi = Enumerable.Repeat(double.NaN, rows).ToArray();
        var allVi = Enumerable.Repeat(double.NaN, rows).ToArray();
        for (var i = 0; i < complete.Count; i++)
        {
            allYi[complete[i]] = yi[i];
            allVi[complete[i]] = vi[i];
        }

        return new EffectSizeResult(
            Measure,
            allYi,
            allVi,
            zeroCellCorrectedRows.Select(i => complete[i]).ToArray(),
            imputedCorrelationRows.Select(i => complete[i]).ToArray(),
            ImputedCorrelation,
            missing.ToArray());
    }

    /// <summary>The effects as model input; throws when a sampling variance is not positive (e.g. a risk difference of 0 vs 0 without correction).</summary>
    public EffectData ToEffectData(IReadOnlyList<string>? labels = null) => EffectData.Create(yi, vi, labels);
}
