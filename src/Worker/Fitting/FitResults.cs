using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>Parts of a <see cref="FitResult"/> every fitter fills the same way.</summary>
public static class FitResults
{
    /// <summary>A result for <paramref name="request"/> with the engine and model names, k, and the computed effect sizes (raw data only).</summary>
    public static FitResult Start(AnalysisRequest request, string engine)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new FitResult { Engine = engine, Model = request.ModelName, K = request.Data.K };
        if (request.Data.ComputedEffectSizes is { } computed)
        {
            result.EffectSizes = Table(computed);
        }

        return result;
    }

    /// <summary>The effect sizes of a computation as a result table.</summary>
    public static EffectSizeTable Table(EffectSizeResult computed)
    {
        ArgumentNullException.ThrowIfNull(computed);
        var table = new EffectSizeTable { Measure = EffectSizeMeasureCode.Of(computed.Measure) };
        table.Yi.AddRange(computed.Yi);
        table.Vi.AddRange(computed.Vi);
        table.ZeroCellCorrectedRows.AddRange(computed.ZeroCellCorrectedRows);
        table.ImputedCorrelationRows.AddRange(computed.ImputedCorrelationRows);
        return table;
    }

    /// <summary>Adds a named statistic.</summary>
    public static void Add(this FitResult result, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Statistics.Add(new NamedValue { Name = name, Value = value });
    }
}
