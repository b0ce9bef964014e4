using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The one place that decides which fitter runs a request: the model-specific fitters first (effect
/// sizes, publication bias), then one fitter per engine.
/// </summary>
public sealed class FitterCatalog
{
    private readonly IReadOnlyList<IFitter> fitters;

    /// <summary>A catalog over <paramref name="fitters"/>, asked in order.</summary>
    public FitterCatalog(IEnumerable<IFitter> fitters)
    {
        ArgumentNullException.ThrowIfNull(fitters);
        this.fitters = fitters.ToArray();
    }

    /// <summary>Every fitter of this build.</summary>
    public static FitterCatalog Default { get; } = new(
    [
        new EffectSizeFitter(),
        new PublicationBiasFitter(),
        new FrequentistFitter(),
        new ExactBayesFitter(),
        new NutsFitter(),
    ]);

    /// <summary>Validates <paramref name="spec"/> and fits it with the fitter that handles it.</summary>
    /// <exception cref="Core.Validation.InvalidInputException">The spec or its data is unusable.</exception>
    public FitResult Fit(ModelSpec spec, IFitObserver observer, CancellationToken cancellationToken)
    {
        var request = SpecValidator.Validate(spec, "spec");
        var fitter = fitters.FirstOrDefault(f => f.Accepts(request))
            ?? throw new InvalidOperationException($"no fitter takes a {request.ModelName} model on the {ModelNames.Of(request.Engine)} engine, which the spec validator accepts");
        return fitter.Fit(request, observer, cancellationToken);
    }
}
