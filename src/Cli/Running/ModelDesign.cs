using System.Globalization;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Splines;

namespace MetaAnalysis.Cli.Running;

/// <summary>
/// The design of a plan's model: an intercept, the moderators (numeric columns enter as they are, text
/// columns as dummies against a reference level) and the dose basis of a linear-in-coefficients curve.
/// </summary>
/// <param name="Matrix">The design.</param>
/// <param name="Dose">The dose curve's inputs (dose models).</param>
/// <param name="ContinuousModerator">The only moderator when it is numeric and there is no dose (bubble plots).</param>
public sealed record ModelDesign(DesignMatrix Matrix, DoseCurveData? Dose, (string Name, IReadOnlyList<double> Values)? ContinuousModerator)
{
    /// <summary>Builds the design of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static ModelDesign Create(ModelPlan model, AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var moderators = model.Moderators.Select(column => Moderator(model, data.Table, column)).ToArray();
        var moderatorDesign = DesignMatrix.Create(data.K, moderators);
        (string, IReadOnlyList<double>)? continuous = moderators is [ContinuousModerator only] && model.Dose is null ? (only.Name, only.Values) : null;
        if (model.Dose is not { Curve: not DoseCurve.Emax } dose)
        {
            var emaxDose = model.Dose is { } emax ? new DoseCurveData(emax.Column, emax.Scale, Doses(data.Table, emax.Column), null) : null;
            return new ModelDesign(moderatorDesign, emaxDose, continuous);
        }

        var doses = Doses(data.Table, dose.Column);
        var basis = Basis(dose, doses, model.Path);
        var doseDesign = basis.Design(doses);
        var columns = Enumerable.Range(0, doseDesign.Columns).Select(j => (doseDesign.ColumnNames[j], doseDesign.X.Column(j).ToArray()))
            .Concat(Enumerable.Range(1, moderatorDesign.Columns - 1).Select(j => (moderatorDesign.ColumnNames[j], moderatorDesign.X.Column(j).ToArray())))
            .ToArray();
        var moderatorCount = moderatorDesign.Columns - 1;
        return new ModelDesign(
            DesignMatrix.FromColumns(columns),
            new DoseCurveData(dose.Column, dose.Scale, doses, d => [.. basis.Row(d), .. new double[moderatorCount]]),
            null);
    }

    /// <summary>The non-intercept columns from the dose basis (dose models) or the moderators.</summary>
    public IReadOnlyList<string> SlopeNames => Matrix.ColumnNames.Where(n => n != "intrcpt").ToArray();

    /// <summary>The moderator <paramref name="column"/> of <paramref name="model"/>: numeric as it is, text dummy-coded against the model's reference level.</summary>
    internal static Moderator Moderator(ModelPlan model, StudyTable table, string column)
    {
        if (table.IsNumeric(column))
        {
            var values = table.Numbers(column);
            var missing = Array.FindIndex(values, double.IsNaN);
            return missing < 0
                ? Core.Data.Moderator.Continuous(column, values)
                : throw new StudyTableException($"{table.Locate(missing, column)}: the moderator is missing for this effect");
        }

        var reference = model.References.TryGetValue(column, out var level) ? level : null;
        var text = table.Text(column);
        if (reference is not null && !text.Contains(reference))
        {
            throw new Core.Validation.InvalidInputException($"{model.Path}.reference.{column}", $"'{reference}' is not a level of the column (levels: {string.Join(", ", text.Distinct().Order(StringComparer.Ordinal))})");
        }

        return Core.Data.Moderator.Categorical(column, text, reference);
    }

    private static double[] Doses(StudyTable table, string column)
    {
        var doses = table.Numbers(column);
        var missing = Array.FindIndex(doses, d => !double.IsFinite(d) || d < 0);
        return missing < 0 ? doses : throw new StudyTableException($"{table.Locate(missing, column)}: a dose must be a number of at least 0");
    }

    private static DoseResponseBasis Basis(DosePlan dose, IReadOnlyList<double> doses, string path) => dose.Curve switch
    {
        DoseCurve.Linear => DoseResponseBasis.Linear(dose.Scale),
        DoseCurve.Quadratic => DoseResponseBasis.Quadratic(dose.Scale),
        DoseCurve.Logarithmic => DoseResponseBasis.Logarithmic(dose.Scale),
        DoseCurve.Spline => DoseResponseBasis.RestrictedCubicSpline(
            dose.Knots ?? RestrictedCubicSpline.DefaultKnots(doses.Select(d => d / dose.Scale).ToArray(), dose.KnotCount, $"{path}.dose.knots"),
            dose.Scale),
        _ => throw new ArgumentOutOfRangeException(nameof(dose), string.Create(CultureInfo.InvariantCulture, $"{dose.Curve} has no linear basis")),
    };
}
