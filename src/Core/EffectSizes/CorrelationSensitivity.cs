using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.EffectSizes;

/// <summary>
/// A pre/post measure recomputed under each of a list of assumed pre/post correlations, for when the
/// correlations are unreported: one <see cref="EffectSizeResult"/> per assumed correlation, in order.
/// </summary>
/// <remarks>
/// Each result records the rows computed with the assumed value (<see cref="EffectSizeResult.ImputedCorrelationRows"/>)
/// and the value itself (<see cref="EffectSizeResult.ImputedCorrelation"/>). With
/// <see cref="AssumedCorrelationRows.MissingOnly"/> rows with a reported <c>ri</c> are the same in every result.
/// </remarks>
public sealed class CorrelationSensitivity
{
    private readonly double[] assumedCorrelations;
    private readonly EffectSizeResult[] results;

    private CorrelationSensitivity(EffectSizeMeasure measure, AssumedCorrelationRows rows, double[] assumedCorrelations, EffectSizeResult[] results)
    {
        Measure = measure;
        Rows = rows;
        this.assumedCorrelations = assumedCorrelations;
        this.results = results;
    }

    /// <summary>The pre/post measure recomputed.</summary>
    public EffectSizeMeasure Measure { get; }

    /// <summary>Which rows took the assumed correlation.</summary>
    public AssumedCorrelationRows Rows { get; }

    /// <summary>The assumed correlations, in the order given.</summary>
    public IReadOnlyList<double> AssumedCorrelations => assumedCorrelations;

    /// <summary>One result per assumed correlation, in the same order.</summary>
    public IReadOnlyList<EffectSizeResult> Results => results;

    /// <summary>
    /// Recomputes <paramref name="measure"/> (MC, SMCC, SMCR or SMCRH) once per value of
    /// <paramref name="assumedCorrelations"/> (each in [−1, 1], e.g. 0.1, 0.2, ..., 0.9).
    /// </summary>
    /// <param name="measure">A pre/post measure.</param>
    /// <param name="input">The pre/post columns; <c>ri</c> may be absent or contain NaN for unreported correlations.</param>
    /// <param name="assumedCorrelations">The correlations to assume, at least one.</param>
    /// <param name="rows">Whether the assumed value replaces only missing correlations or every correlation.</param>
    /// <param name="options">Other options; their <see cref="EffectSizeOptions.ImputedCorrelation"/> must be unset, as the sweep supplies it.</param>
    public static CorrelationSensitivity Sweep(EffectSizeMeasure measure, EffectSizeInput input, IReadOnlyList<double> assumedCorrelations, AssumedCorrelationRows rows, EffectSizeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(assumedCorrelations);
        options ??= EffectSizeOptions.Default;
        if (!EffectSizeMeasureCode.UsesPrePostCorrelation(measure))
        {
            throw new InvalidInputException("measure", $"a correlation sensitivity sweep applies to the pre/post measures MC, SMCC, SMCR and SMCRH, not {EffectSizeMeasureCode.Of(measure)}");
        }

        if (options.ImputedCorrelation is not null)
        {
            throw new InvalidInputException("options.imputedCorrelation", "must not be set for a sweep; the sweep supplies the assumed correlation");
        }

        if (!Enum.IsDefined(rows))
        {
            throw new InvalidInputException("rows", $"unknown choice {(int)rows}");
        }

        if (assumedCorrelations.Count == 0)
        {
            throw new InvalidInputException("assumedCorrelations", "needs at least one correlation");
        }

        Guard.Correlation(assumedCorrelations, "assumedCorrelations");

        // When the assumed value replaces every correlation, every row is treated as missing (so each result
        // lists every row as imputed); a given ri column keeps its length so a length mismatch is still caught.
        var swept = rows == AssumedCorrelationRows.AllRows
            ? input with { Ri = input.Ri is null ? null : Enumerable.Repeat(double.NaN, input.Ri.Count).ToArray() }
            : input;
        var results = assumedCorrelations
            .Select(r => EffectSizeCalculator.Compute(measure, swept, options with { ImputedCorrelation = r }))
            .ToArray();
        return new CorrelationSensitivity(measure, rows, assumedCorrelations.ToArray(), results);
    }
}
