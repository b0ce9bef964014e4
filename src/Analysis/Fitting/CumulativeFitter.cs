using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>Cumulative meta-analysis (metafor's <c>cumul</c>): the random-effects estimate as the effects are added in data order.</summary>
public sealed class CumulativeFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.Cumulative;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var fit = RandomEffectsModel.Fit(analysis.Data.Effects, analysis.Design, analysis.Frequentist!);
        var result = FitResults.Start(analysis, "frequentist", $"cumulative random effects ({fit.Method})");
        result.Coefficients.AddRange(fit.Coefficients.Select(FitResults.Coefficient));
        foreach (var step in CumulativeAnalysis.Run(fit))
        {
            result.Cumulative.Add(new CumulativeStep
            {
                Label = step.Label,
                K = step.K,
                Estimate = step.Estimate,
                Se = step.StandardError,
                CiLower = step.CiLower,
                CiUpper = step.CiUpper,
                PValue = step.PValue,
                Tau2 = step.Tau2,
                I2 = step.I2,
            });
        }

        return result;
    }
}
