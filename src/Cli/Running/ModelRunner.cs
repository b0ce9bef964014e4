using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;

namespace MetaAnalysis.Cli.Running;

/// <summary>Maps one model of a plan to the engine that fits it and reports what the engine found.</summary>
public static class ModelRunner
{
    /// <summary>
    /// Fits <paramref name="model"/> to <paramref name="data"/>; <paramref name="progress"/> receives the
    /// fraction done (sampled models report while they run, the others when they finish).
    /// </summary>
    /// <exception cref="Core.Validation.InvalidInputException">The model cannot be fitted to these data (a field path says why).</exception>
    public static ModelResult Run(ModelPlan model, AnalysisData data, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = model.Engine switch
        {
            ModelEngine.Frequentist => FrequentistRunner.Run(model, data),
            ModelEngine.Exact => ExactRunner.Run(model, data),
            _ => NutsRunner.Run(model, data, progress, cancellationToken),
        };
        progress?.Report(1);
        return result with { Seconds = stopwatch.Elapsed.TotalSeconds };
    }

    /// <summary>A result with nothing filled in but the model, its description and the engines' output.</summary>
    internal static ModelResult Empty(ModelPlan model, string description, ModelFits fits) =>
        new(model, description, fits.Data.K, [], [], null, [], null, null, null, [], null, null, null, [], 0, fits);
}
