using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Cumulative meta-analysis (metafor's <c>cumul</c>): the random-effects estimate as the effects are added in
/// data order, or the three-level estimate as whole clusters are added in order of first appearance.
/// </summary>
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
        if (analysis.ThreeLevel)
        {
            return FitThreeLevel(analysis, cancellationToken);
        }

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

    private static FitResult FitThreeLevel(ValidatedAnalysis analysis, CancellationToken cancellationToken)
    {
        var fit = FrequentistFitter.FitThreeLevelModel(analysis);
        var result = FitResults.Start(analysis, "frequentist", $"cumulative three-level model ({analysis.Frequentist!.Method}), by cluster{SamplingErrorText.OnV(analysis)}");
        result.Coefficients.AddRange(fit.Coefficients.Select(FitResults.Coefficient));
        var steps = ThreeLevelCumulative.Run(fit, cancellationToken);
        foreach (var step in steps)
        {
            result.Cumulative.Add(new CumulativeStep
            {
                Label = step.Label,
                K = step.K,
                Clusters = step.Clusters,
                Estimate = step.Estimate.Estimate,
                Se = step.Estimate.StandardError,
                CiLower = step.Estimate.CiLower,
                CiUpper = step.Estimate.CiUpper,
                PValue = step.Estimate.PValue,
                Sigma2Between = step.Sigma2Between,
                Sigma2Within = step.Sigma2Within,
            });
        }

        result.Diagnostics = new FitDiagnostics();
        if (analysis.SamplingCorrelation is { } rho)
        {
            result.Diagnostics.Notes.Add(SamplingErrorText.Note(rho, fit.Clusters));
        }

        if (steps.Count > 0 && steps[0].Clusters > 1)
        {
            result.Diagnostics.Notes.Add($"the first {steps[0].Clusters - 1} cluster(s) alone cannot be fitted by a three-level model; the analysis starts with {steps[0].Clusters}");
        }

        return result;
    }
}
