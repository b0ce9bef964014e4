using System.CommandLine;
using System.Globalization;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>--imputed-correlation</c>: the pre/post correlation imputed where a study reports none, replacing the
/// plan's <c>data.imputed_correlation</c>; the same name on every command that runs a plan. A command that
/// had another name for it (<c>analyze --r</c>, <c>fit --imputed-r</c>) keeps that name as a hidden alias.
/// </summary>
public sealed class ImputedCorrelationOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--imputed-correlation";

    private const string Description = "Pre/post correlation imputed where a study reports none (replaces the plan's data.imputed_correlation)";

    /// <summary>Creates the option, with <paramref name="oldName"/> as a hidden alias when given.</summary>
    public ImputedCorrelationOption(string? oldName = null)
    {
        OldName = oldName is null ? null : new Option<double?>(oldName) { Description = $"Old name of {Name}", Hidden = true };
    }

    /// <summary>The option.</summary>
    public Option<double?> Option { get; } = new(Name) { Description = Description };

    /// <summary>The hidden alias; null for none.</summary>
    public Option<double?>? OldName { get; }

    /// <summary>Adds the option (and its alias) to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Option);
        if (OldName is not null)
        {
            command.Options.Add(OldName);
        }
    }

    /// <summary>The correlation given on the command line, checked; null when it is not given.</summary>
    /// <exception cref="InvalidInputException">Given under both names, or not a correlation.</exception>
    public double? Value(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var value = parse.GetValue(Option);
        if (OldName is not null && parse.GetValue(OldName) is { } old)
        {
            if (value is not null)
            {
                throw new InvalidInputException(Name, $"is given twice, also under its old name {OldName.Name}");
            }

            return Checked(old, OldName.Name);
        }

        return value is { } r ? Checked(r, Name) : null;
    }

    /// <summary><paramref name="plan"/> with <paramref name="correlation"/> imputed (checked); the plan as it is when null.</summary>
    public static AnalysisPlan Apply(AnalysisPlan plan, double? correlation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return correlation is { } r ? plan with { Data = plan.Data with { ImputedCorrelation = Checked(r, Name) } } : plan;
    }

    private static double Checked(double r, string name) =>
        r >= -1 && r <= 1 ? r : throw new InvalidInputException(name, string.Create(CultureInfo.InvariantCulture, $"must be a correlation in [-1, 1], got {r}"));
}
