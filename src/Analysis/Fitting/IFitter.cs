using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Maps a validated spec onto one Core engine and the engine's output back onto a <see cref="FitResult"/>.
/// Each engine has one implementation; <see cref="FitterCatalog"/> picks the one for a request.
/// </summary>
public interface IFitter
{
    /// <summary>Whether this fitter fits <paramref name="analysis"/> (its model and engine).</summary>
    bool Accepts(ValidatedAnalysis analysis);

    /// <summary>Fits the model. Runs on the caller's thread; checks <paramref name="cancellationToken"/> between steps.</summary>
    /// <exception cref="Core.Validation.InvalidInputException">The engine found the data unusable for the model.</exception>
    FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken);
}
