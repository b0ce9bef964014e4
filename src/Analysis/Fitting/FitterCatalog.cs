using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The one place that decides which fitter runs an analysis: the model-specific fitters first (effect
/// sizes, publication bias, influence, cumulative, the correlation sweep), then one fitter per engine.
/// </summary>
public sealed class FitterCatalog
{
    private readonly IReadOnlyList<IFitter> fitters;

    /// <summary>A catalog over <paramref name="fitters"/>, asked in order, and the correlation sweep over them.</summary>
    public FitterCatalog(IEnumerable<IFitter> fitters)
    {
        ArgumentNullException.ThrowIfNull(fitters);
        this.fitters = [.. fitters, new CorrelationSweepFitter((analysis, token) => Fit(analysis, NullFitObserver.Instance, token))];
    }

    /// <summary>Every fitter of this build.</summary>
    public static FitterCatalog Default { get; } = new(
    [
        new EffectSizeFitter(),
        new PublicationBiasFitter(),
        new InfluenceFitter(),
        new CumulativeFitter(),
        new FrequentistFitter(),
        new RobustAveragingFitter(),
        new ExactBayesFitter(),
        new NutsFitter(),
    ]);

    /// <summary>Validates <paramref name="spec"/> and fits it with the fitter that handles it.</summary>
    /// <exception cref="Core.Validation.InvalidInputException">The spec or its data is unusable.</exception>
    public FitResult Fit(ModelSpec spec, IFitObserver observer, CancellationToken cancellationToken) =>
        Fit(AnalysisValidator.Validate(spec, "spec"), observer, cancellationToken);

    /// <summary>Fits a validated analysis with the fitter that handles it.</summary>
    /// <exception cref="Core.Validation.InvalidInputException">The engine found the data unusable for the model.</exception>
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var fitter = fitters.FirstOrDefault(f => f.Accepts(analysis))
            ?? throw new InvalidOperationException($"no fitter takes a {analysis.ModelName} model on the {ModelNames.Of(analysis.Engine)} engine, which the validator accepts");
        return fitter.Fit(analysis, observer, cancellationToken);
    }
}
