using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// The fixed-effects design of a spec's model, the same for every engine: an intercept and the named
/// moderators (meta-regression, three-level, robust), the subgroup dummies (subgroups), the dose basis
/// (linear, logarithmic, quadratic or spline dose-response), or the intercept alone (every other model).
/// </summary>
/// <remarks>
/// Built while the spec is validated, so linearly dependent moderators, or spline knots that leave a basis
/// column without information, are refused before a job exists. Doses and knots enter in the data's own
/// units (no rescaling), so a slope is per dose unit and its prior must be stated on that scale.
/// </remarks>
internal static class FixedEffectsDesign
{
    /// <summary>The design of <paramref name="spec"/>'s model on <paramref name="data"/>; <paramref name="modelPath"/> names the model in errors.</summary>
    /// <exception cref="InvalidInputException">The columns are linearly dependent.</exception>
    public static DesignMatrix For(ModelSpec spec, AnalysisData data, string modelPath)
    {
        var model = spec.Model;
        try
        {
            return model.KindCase switch
            {
                Model.KindOneofCase.MetaRegression => DesignMatrix.Create(data.K, Moderators(data, model.MetaRegression.Moderators), !model.MetaRegression.NoIntercept),
                Model.KindOneofCase.Subgroups => DesignMatrix.Create(data.K, Moderators(data, [model.Subgroups.Moderator])),
                Model.KindOneofCase.ThreeLevel => DesignMatrix.Create(data.K, Moderators(data, model.ThreeLevel.Moderators)),
                Model.KindOneofCase.Robust => DesignMatrix.Create(data.K, Moderators(data, model.Robust.Moderators)),
                Model.KindOneofCase.DoseResponse when model.DoseResponse.Curve == DoseResponseCurve.Linear => DoseResponseBasis.Linear().Design(data.Dose!),
                Model.KindOneofCase.DoseResponse when model.DoseResponse.Curve == DoseResponseCurve.Logarithmic => DoseResponseBasis.Logarithmic(offset: model.DoseResponse.LogOffset).Design(data.Dose!),
                Model.KindOneofCase.DoseResponse when model.DoseResponse.Curve == DoseResponseCurve.Quadratic => DoseResponseBasis.Quadratic().Design(data.Dose!),
                Model.KindOneofCase.DoseResponse when model.DoseResponse.Curve == DoseResponseCurve.Spline => DoseResponseBasis.RestrictedCubicSpline(model.DoseResponse.Knots).Design(data.Dose!),
                _ => DesignMatrix.InterceptOnly(data.K),
            };
        }
        catch (InvalidInputException exception)
        {
            // Core names the design's part; the request names where it came from.
            var field = model.KindCase == Model.KindOneofCase.DoseResponse ? $"{modelPath}.knots" : $"{modelPath}.moderators";
            throw new InvalidInputException(field, exception.Problem);
        }
    }

    private static Moderator[] Moderators(AnalysisData data, IEnumerable<string> names) =>
        names.Select(name => data.Moderators[name]).ToArray();
}
