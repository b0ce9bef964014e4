using System.Globalization;
using System.Text.RegularExpressions;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Data;

/// <summary>
/// Finds each effect's yi and vi from a study table as a plan describes it: the table's <c>yi</c> with
/// <c>vi</c> or <c>sei</c>, or a measure computed from metafor's raw columns. An engine's complaint about
/// an element (<c>sd1i[3]</c>, <c>vi[0]</c>) is turned into the file, line and column of that cell.
/// </summary>
public static partial class EffectSizeColumns
{
    /// <summary>metafor's raw-data columns that effect sizes are computed from.</summary>
    public static readonly IReadOnlyList<string> RawColumns = ["ai", "bi", "ci", "di", "n1i", "n2i", "m1i", "m2i", "sd1i", "sd2i", "ni", "ri", "xi"];

    /// <summary>
    /// The effects of <paramref name="table"/>. A missing cell (empty, NA) gives a missing effect, which the
    /// models leave out with a note (or refuse, with <c>data.missing: fail</c>); a bad one is an error here.
    /// </summary>
    public static TableEffects Compute(StudyTable table, DataPlan plan)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        var labels = Labels(table, plan);
        var studies = plan.Study is null ? null : table.Text(plan.Study).Select(s => string.IsNullOrWhiteSpace(s) ? string.Empty : s).ToArray();
        try
        {
            if (plan.Measure is null)
            {
                var yi = Column(table, plan, "yi");
                var vi = Variances(table, plan);
                Check(yi, "yi", double.IsFinite, "must be a finite number");
                Check(vi, "vi", v => double.IsFinite(v) && v > 0, "must be a finite number greater than 0");
                return new TableEffects(yi, vi, labels, studies, null);
            }

            var result = EffectSizeCalculator.Compute(plan.Measure, Input(table, plan), new EffectSizeOptions { ImputedCorrelation = plan.ImputedCorrelation });
            return new TableEffects(result.Yi, result.Vi, labels, studies, plan.Measure);
        }
        catch (InvalidInputException ex)
        {
            throw Locate(ex, table, plan);
        }
    }

    /// <summary>Requires every value that is not missing to be <paramref name="valid"/>.</summary>
    private static void Check(double[] values, string name, Func<double, bool> valid, string requirement)
    {
        var bad = Array.FindIndex(values, v => !double.IsNaN(v) && !valid(v));
        if (bad >= 0)
        {
            throw new InvalidInputException(Guard.Element(name, bad), string.Create(CultureInfo.InvariantCulture, $"{requirement}, got {values[bad]:R}"));
        }
    }

    private static EffectSizeInput Input(StudyTable table, DataPlan plan)
    {
        double[]? Raw(string name) => table.Has(plan.ColumnFor(name)) ? table.Numbers(plan.ColumnFor(name)) : null;
        return new EffectSizeInput
        {
            Ai = Raw("ai"),
            Bi = Raw("bi"),
            Ci = Raw("ci"),
            Di = Raw("di"),
            N1i = Raw("n1i"),
            N2i = Raw("n2i"),
            M1i = Raw("m1i"),
            M2i = Raw("m2i"),
            Sd1i = Raw("sd1i"),
            Sd2i = Raw("sd2i"),
            Ni = Raw("ni"),
            Ri = Raw("ri"),
            Xi = Raw("xi"),
        };
    }

    private static double[] Variances(StudyTable table, DataPlan plan)
    {
        var viColumn = plan.ColumnFor("vi");
        var seiColumn = plan.ColumnFor("sei");
        if (!table.Has(viColumn) && !table.Has(seiColumn))
        {
            throw new StudyTableException($"{table.Source}: needs a '{viColumn}' or '{seiColumn}' column with yi (or data.measure and the raw columns it is computed from)");
        }

        var vi = table.Has(viColumn) ? table.Numbers(viColumn) : new double[table.RowCount].Select(_ => double.NaN).ToArray();
        var sei = table.Has(seiColumn) ? table.Numbers(seiColumn) : null;
        for (var i = 0; i < vi.Length; i++)
        {
            if (double.IsNaN(vi[i]) && sei is not null && !double.IsNaN(sei[i]))
            {
                vi[i] = sei[i] * sei[i];
            }
        }

        return vi;
    }

    private static double[] Column(StudyTable table, DataPlan plan, string name) => table.Numbers(plan.ColumnFor(name));

    /// <summary>
    /// Each effect's label: the plan's label columns joined by spaces; without them the study and the row
    /// number ("S01/3"), or the row number alone.
    /// </summary>
    private static string[] Labels(StudyTable table, DataPlan plan)
    {
        var rows = Enumerable.Range(1, table.RowCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (plan.Label.Count > 0)
        {
            var columns = plan.Label.Select(table.Text).ToArray();
            return rows.Select((row, i) => string.Join(' ', columns.Select(c => c[i]).Where(v => !string.IsNullOrWhiteSpace(v))) is { Length: > 0 } label ? label : row).ToArray();
        }

        var study = plan.Study is null ? null : table.Text(plan.Study);

        // A missing study leaves the row number alone (the effect is in no three-level model).
        return rows.Select((row, i) => study is null || string.IsNullOrWhiteSpace(study[i]) ? row : $"{study[i]}/{row}").ToArray();
    }

    private static Exception Locate(InvalidInputException ex, StudyTable table, DataPlan plan)
    {
        if (RawColumns.Contains(ex.Field) && !table.Has(plan.ColumnFor(ex.Field)))
        {
            return new StudyTableException(
                $"{table.Source}: measure {plan.Measure} needs metafor's column '{ex.Field}', but the table has no column '{plan.ColumnFor(ex.Field)}' (columns: {string.Join(", ", table.Columns)}); name the table's column with data.columns (--columns {ex.Field}=...)",
                ex);
        }

        var match = ElementField().Match(ex.Field);
        if (!match.Success)
        {
            return ex;
        }

        var name = match.Groups["name"].Value;
        var row = int.Parse(match.Groups["row"].Value, CultureInfo.InvariantCulture);
        var column = plan.ColumnFor(name);
        if (row < table.RowCount && table.Has(column))
        {
            return new StudyTableException($"{table.Locate(row, column)}: {ex.Problem}", ex);
        }

        // yi and vi computed from raw columns: name the row, since no single cell is to blame.
        return row < table.RowCount && (name is "yi" or "vi")
            ? new StudyTableException(string.Create(CultureInfo.InvariantCulture, $"{table.Source}, effect {row + 1} ({name} computed by {plan.Measure}): {ex.Problem}"), ex)
            : ex;
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9]+)\[(?<row>\d+)\]$")]
    private static partial Regex ElementField();
}
