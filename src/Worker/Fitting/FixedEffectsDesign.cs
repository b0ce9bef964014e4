using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>
/// The fixed-effects design of a request's model, the same for every engine: an intercept and the named
/// moderators (meta-regression, three-level, robust), the dose basis (linear or spline dose-response), or
/// the intercept alone.
/// </summary>
/// <remarks>
/// Doses and knots enter in the data's own units (no rescaling), so a slope is per dose unit and its prior
/// must be stated on that scale.
/// </remarks>
internal static class FixedEffectsDesign
{
    /// <summary>The design of <paramref name="request"/>.</summary>
    /// <exception cref="Core.Validation.InvalidInputException">The moderators' columns are linearly dependent.</exception>
    public static DesignMatrix For(AnalysisRequest request)
    {
        var model = request.Spec.Model;
        var data = request.Data;
        return request.Model switch
        {
            Model.KindOneofCase.MetaRegression => DesignMatrix.Create(data.K, Moderators(data, model.MetaRegression.Moderators), !model.MetaRegression.NoIntercept),
            Model.KindOneofCase.ThreeLevel => DesignMatrix.Create(data.K, Moderators(data, model.ThreeLevel.Moderators)),
            Model.KindOneofCase.Robust => DesignMatrix.Create(data.K, Moderators(data, model.Robust.Moderators)),
            Model.KindOneofCase.DoseResponse => DoseBasis(model.DoseResponse).Design(data.Dose!),
            _ => DesignMatrix.InterceptOnly(data.K),
        };
    }

    /// <summary>
    /// The names the Bayesian engines give the coefficients of <paramref name="design"/>: <c>mu</c> for the
    /// intercept alone, <c>beta[column]</c> with moderators (as the sampled models name them).
    /// </summary>
    public static string[] BayesianNames(DesignMatrix design) =>
        design.HasModerators ? design.ColumnNames.Select(n => $"beta[{n}]").ToArray() : ["mu"];

    private static DoseResponseBasis DoseBasis(DoseResponseModel dose) => dose.Curve switch
    {
        DoseResponseCurve.Linear => DoseResponseBasis.Linear(),
        DoseResponseCurve.Spline => DoseResponseBasis.RestrictedCubicSpline(dose.Knots),
        _ => throw new InvalidOperationException($"a {dose.Curve} curve is not linear in its coefficients"),
    };

    private static Moderator[] Moderators(AnalysisData data, IEnumerable<string> names) =>
        names.Select(name => data.Moderators[name]).ToArray();
}
