using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Data;

/// <summary>A study-level covariate of a meta-regression: continuous, or categorical and dummy-coded.</summary>
public abstract class Moderator
{
    private protected Moderator(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidInputException("moderators", "every moderator needs a name");
        }

        Name = name;
    }

    /// <summary>The moderator's name, used for its coefficient (or, with a level appended, its dummies).</summary>
    public string Name { get; }

    /// <summary>Number of effects the moderator has a value for.</summary>
    public abstract int Count { get; }

    /// <summary>A continuous moderator (dose, latitude, year).</summary>
    public static Moderator Continuous(string name, IReadOnlyList<double> values) => new ContinuousModerator(name, values);

    /// <summary>
    /// A categorical moderator, coded as one 0/1 column per level other than <paramref name="reference"/>
    /// (the first level in sorted order when none is named), as R's treatment contrasts do.
    /// </summary>
    public static Moderator Categorical(string name, IReadOnlyList<string> values, string? reference = null) =>
        new CategoricalModerator(name, values, reference);

    internal abstract IEnumerable<(string Name, double[] Column)> Columns();
}

/// <summary>A numeric moderator entered as one column.</summary>
public sealed class ContinuousModerator : Moderator
{
    private readonly double[] values;

    internal ContinuousModerator(string name, IReadOnlyList<double> values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        Guard.Finite(values, $"moderators.{name}");
        this.values = values.ToArray();
    }

    /// <summary>The moderator's values, one per effect.</summary>
    public IReadOnlyList<double> Values => values;

    /// <inheritdoc />
    public override int Count => values.Length;

    internal override IEnumerable<(string Name, double[] Column)> Columns()
    {
        yield return (Name, values);
    }
}

/// <summary>A categorical moderator entered as dummy columns against a reference level.</summary>
public sealed class CategoricalModerator : Moderator
{
    private readonly string[] values;

    internal CategoricalModerator(string name, IReadOnlyList<string> values, string? reference)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                throw new InvalidInputException(Guard.Element($"moderators.{name}", i), "is empty; every effect needs a level");
            }
        }

        this.values = values.ToArray();
        Levels = this.values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (reference is not null && !Levels.Contains(reference, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"moderators.{name}.reference", $"level '{reference}' does not occur; levels are {string.Join(", ", Levels)}");
        }

        Reference = reference ?? Levels[0];
    }

    /// <summary>The moderator's level for every effect.</summary>
    public IReadOnlyList<string> Values => values;

    /// <summary>The distinct levels, sorted ordinally.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>The level absorbed into the intercept.</summary>
    public string Reference { get; }

    /// <inheritdoc />
    public override int Count => values.Length;

    internal override IEnumerable<(string Name, double[] Column)> Columns()
    {
        foreach (var level in Levels.Where(l => l != Reference))
        {
            yield return (Name + level, values.Select(v => v == level ? 1.0 : 0.0).ToArray());
        }
    }
}
