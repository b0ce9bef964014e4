using MetaAnalysis.ClientSdk.Builders;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The moderator columns of a batch's shared data set, collected model by model. Models that use the same
/// column share it; a column whose name is taken by different values (the same text column with another
/// reference level, or two dose bases with the same column name) gets a numbered name. Missing values
/// (NaN, "") go along: each model leaves out the effects it cannot use.
/// </summary>
internal sealed class ModeratorColumns
{
    private readonly List<(string Name, TableModerator Moderator)> columns = [];

    /// <summary>Adds <paramref name="moderator"/> (or finds the same column) and returns its name in the data set.</summary>
    public string Add(TableModerator moderator)
    {
        ArgumentNullException.ThrowIfNull(moderator);
        for (var n = 1; ; n++)
        {
            var name = n == 1 ? moderator.Name : $"{moderator.Name} ({n})";
            var existing = columns.FindIndex(c => c.Name == name);
            if (existing < 0)
            {
                columns.Add((name, moderator));
                return name;
            }

            if (SameValues(columns[existing].Moderator, moderator))
            {
                return name;
            }
        }
    }

    /// <summary>Adds every column to <paramref name="data"/>.</summary>
    public void AddTo(DataSetBuilder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (name, moderator) in columns)
        {
            // A model's reference level is set on the model; without one, the first level of the rows it uses.
            _ = moderator.Numbers is { } numbers ? data.ContinuousModerator(name, numbers) : data.CategoricalModerator(name, moderator.Levels!);
        }
    }

    private static bool SameValues(TableModerator a, TableModerator b) => (a.Numbers, b.Numbers) switch
    {
        ({ } x, { } y) => x.SequenceEqual(y),
        (null, null) => a.Levels!.SequenceEqual(b.Levels!, StringComparer.Ordinal),
        _ => false,
    };
}
