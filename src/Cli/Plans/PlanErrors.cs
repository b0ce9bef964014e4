using System.Text.RegularExpressions;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// Says where in the plan (or in the data file) a problem found by the analysis layer lies: the validator
/// names the contract's fields (<c>models[2].model.three_level.moderators[0]</c>, <c>data.raw.sd1i[3]</c>),
/// a plan's reader knows its own (<c>models[2].moderators[0]</c>, the file's line and column).
/// </summary>
public static partial class PlanErrors
{
    /// <summary>The problem of <paramref name="exception"/> at the plan's field, or at the table's cell.</summary>
    /// <param name="exception">The validator's complaint.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="table">Its study table.</param>
    /// <param name="data">The data set the plan was mapped to (its moderators are the table's columns).</param>
    public static Exception Locate(InvalidInputException exception, AnalysisPlan plan, StudyTable table, Contracts.V1.DataSet data)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(data);
        var field = exception.Field;
        if (ModeratorCell().Match(field) is { Success: true } moderatorCell)
        {
            var index = int.Parse(moderatorCell.Groups["moderator"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var row = int.Parse(moderatorCell.Groups["row"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (index < data.Moderators.Count && table.Has(data.Moderators[index].Name) && row < table.RowCount)
            {
                return new StudyTableException($"{table.Locate(row, data.Moderators[index].Name)}: {exception.Problem}", exception);
            }
        }

        if (Cell().Match(field) is { Success: true } cell)
        {
            var name = cell.Groups["name"].Value;
            var row = int.Parse(cell.Groups["row"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var column = name switch
            {
                "dose" => plan.Models.FirstOrDefault(m => m.Dose is not null)?.Dose!.Column,
                "clusters" => plan.Data.Study,
                "labels" => plan.Data.Label.Count > 0 ? plan.Data.Label[0] : null,
                _ => plan.Data.ColumnFor(name),
            };
            if (column is not null && row < table.RowCount && table.Has(column))
            {
                return new StudyTableException($"{table.Locate(row, column)}: {exception.Problem}", exception);
            }
        }

        if (field == "data.clusters" && ClustersRequired().Match(exception.Problem) is { Success: true } required)
        {
            // The contract's clusters are the plan's study column.
            return new InvalidInputException("data.study", $"is required by {required.Groups["model"].Value}: name the column that says which study each effect comes from");
        }

        if (SweepField().Match(field) is { Success: true } sweep && SweepName(plan, int.Parse(sweep.Groups["model"].Value, System.Globalization.CultureInfo.InvariantCulture)) is { } sweepName)
        {
            // The sweeps come after the plan's models in the batch; the plan writes them as sections of their own.
            var part = sweep.Groups["part"].Value;
            var inner = SweepModel().Match(part);
            return new InvalidInputException(inner.Success ? $"{sweepName}.models[{inner.Groups["index"].Value}]" : $"{sweepName}.{part}", exception.Problem);
        }

        foreach (var (pattern, replacement) in Fields)
        {
            var translated = pattern.Replace(field, replacement, 1);
            if (!ReferenceEquals(translated, field) && translated != field)
            {
                return new InvalidInputException(translated, exception.Problem);
            }
        }

        return exception;
    }

    /// <summary>The plan section of the batch's model <paramref name="index"/> when it is one of the sweeps.</summary>
    private static string? SweepName(AnalysisPlan plan, int index)
    {
        var next = plan.Models.Count;
        if (plan.Sensitivity is not null && index == next++)
        {
            return "sensitivity";
        }

        return plan.RhoSensitivity is not null && index == next ? "rho_sensitivity" : null;
    }

    /// <summary>Contract field → plan field; the first that matches applies.</summary>
    private static readonly (Regex Pattern, string Replacement)[] Fields =
    [
        (new Regex(@"^(models\[\d+\])\.model\.reference_levels(\[(?<c>[^\]]+)\])?", RegexOptions.CultureInvariant), "$1.reference.${c}"),
        (new Regex(@"^(models\[\d+\])\.model\.dose_response\.(knots|knot_count)", RegexOptions.CultureInvariant), "$1.dose.knots"),
        (new Regex(@"^(models\[\d+\])\.model\.dose_response\.(curve|scale|log_offset)", RegexOptions.CultureInvariant), "$1.dose.$2"),
        (new Regex(@"^(models\[\d+\])\.model\.subgroups(\.\w+)?", RegexOptions.CultureInvariant), "$1.subgroups"),
        (new Regex(@"^(models\[\d+\])\.model\.three_level\.sampling_correlation", RegexOptions.CultureInvariant), "$1.rho"),
        (new Regex(@"^(models\[\d+\])\.model\.\w+\.moderators", RegexOptions.CultureInvariant), "$1.moderators"),
        (new Regex(@"^(models\[\d+\])\.model\.\w+", RegexOptions.CultureInvariant), "$1.structure"),
        (new Regex(@"^(models\[\d+\])\.engine\.nuts\.(chains|warmup|seed)", RegexOptions.CultureInvariant), "$1.sampler.$2"),
        (new Regex(@"^(models\[\d+\])\.engine\.nuts\.draws", RegexOptions.CultureInvariant), "$1.sampler.iterations"),
        (new Regex(@"^(models\[\d+\])\.engine\.nuts\.adapt_delta", RegexOptions.CultureInvariant), "$1.sampler.target_acceptance"),
        (new Regex(@"^(models\[\d+\])\.engine\.frequentist\.tau2_method", RegexOptions.CultureInvariant), "$1.method"),
        (new Regex(@"^(models\[\d+\])\.engine\.frequentist\.(test|robust)", RegexOptions.CultureInvariant), "$1.$2"),
        (new Regex(@"^(models\[\d+\])\.engine", RegexOptions.CultureInvariant), "$1.engine"),
        (new Regex(@"^(models\[\d+\])\.priors\.(\w+)\.\w+", RegexOptions.CultureInvariant), "$1.priors.$2"),
        (new Regex(@"^data\.clusters", RegexOptions.CultureInvariant), "data.study"),
        (new Regex(@"^data\.dose", RegexOptions.CultureInvariant), "models.dose.column"),
    ];

    [GeneratedRegex(@"^data\.(raw\.|effect_sizes\.)?(?<name>[a-z0-9_]+)\[(?<row>\d+)\]$")]
    private static partial Regex Cell();

    [GeneratedRegex(@"^models\[(?<model>\d+)\]\.model\.correlation_sweep\.(?<part>.+)$")]
    private static partial Regex SweepField();

    [GeneratedRegex(@"^models\[(?<index>\d+)\]")]
    private static partial Regex SweepModel();

    [GeneratedRegex(@"^are required by (?<model>.+) \(one cluster per effect\)$")]
    private static partial Regex ClustersRequired();

    [GeneratedRegex(@"^data\.moderators\[(?<moderator>\d+)\]\.(continuous|categorical)\.values\[(?<row>\d+)\]$")]
    private static partial Regex ModeratorCell();
}
