using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The sensitivity analysis over an assumed correlation: the pre/post correlation (at each correlation the
/// effect sizes are recomputed with it where none was reported) or the working correlation ρ of the
/// sampling errors within studies (each three-level model is refitted on V(ρ)); every listed model is
/// refitted, and each row is the model's first coefficient (or first subgroup, or its first posterior
/// parameter) at that correlation.
/// </summary>
/// <remarks>
/// The models are fitted by the same catalog as any other spec, so a swept model is the very model a batch
/// fits at the data's own correlation. A model that cannot be fitted at some correlation is listed among
/// the failures and the sweep goes on.
/// </remarks>
public sealed class CorrelationSweepFitter(Func<ValidatedAnalysis, CancellationToken, FitResult> fit) : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.CorrelationSweep;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(observer);
        var sweep = analysis.Sweep!;
        var result = FitResults.Start(analysis, "effect_sizes", sweep.SamplingErrors ? "sensitivity to the working correlation of the sampling errors" : "sensitivity to the assumed pre/post correlation");
        var rows = new CorrelationSweepResult
        {
            ImputedEffects = sweep.SamplingErrors ? 0 : analysis.Data.ComputedEffectSizes?.ImputedCorrelationRows.Count ?? 0,
            SamplingErrors = sweep.SamplingErrors,
        };
        var total = sweep.Correlations.Count * sweep.Models.Count;
        var done = 0;
        var unchanged = sweep.SamplingErrors ? DataSetReader.Read(analysis.Spec.Data, "data") : null;
        foreach (var r in sweep.Correlations)
        {
            var data = analysis.Spec.Data;
            if (!sweep.SamplingErrors)
            {
                data = data.Clone();
                data.Raw.ImputedCorrelation = r;
            }

            var swept = unchanged ?? DataSetReader.Read(data, "data");
            foreach (var model in sweep.Models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var spec = AnalysisValidator.SpecOf(model, data);
                    if (sweep.SamplingErrors)
                    {
                        spec.Model = spec.Model.Clone();
                        spec.Model.ThreeLevel.SamplingCorrelation = r;
                    }

                    var fitted = fit(AnalysisValidator.Validate(spec, swept, "model", "data"), cancellationToken);
                    if (FirstEstimate(fitted) is { } row)
                    {
                        row.Model = model.Name;
                        row.Correlation = r;
                        rows.Rows.Add(row);
                    }
                }
                catch (Exception exception) when (exception is InvalidInputException or ConvergenceException or ArithmeticException)
                {
                    rows.Failures.Add($"{model.Name} at {(sweep.SamplingErrors ? "ρ" : "r")} = {r.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {exception.Message}");
                }

                observer.Progress((double)++done / total, "sweep");
            }
        }

        result.CorrelationSweep = rows;
        return result;
    }

    private static SweepRow? FirstEstimate(FitResult fitted)
    {
        var coefficient = fitted.Coefficients.FirstOrDefault() ?? fitted.Subgroups.FirstOrDefault()?.Estimate;
        if (coefficient is not null)
        {
            return new SweepRow { Coefficient = coefficient.Name, Estimate = coefficient.Estimate, Se = coefficient.Se, Lower = coefficient.CiLower, Upper = coefficient.CiUpper };
        }

        var parameter = fitted.Parameters.FirstOrDefault();
        return parameter is null ? null : new SweepRow { Coefficient = parameter.Name, Estimate = parameter.Mean, Se = parameter.Sd, Lower = parameter.Lower, Upper = parameter.Upper };
    }
}
