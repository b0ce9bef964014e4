using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The moderator columns of a batch's shared data set, collected model by model. Models that use the same
/// column share it; a column whose name is taken by different values (the same text column with another
/// reference level, or two dose bases with the same column name) gets a numbered name.
/// </summary>
internal sealed class ModeratorColumns
{
    private readonly List<(string Name, Moderator Moderator)> columns = [];

    /// <summary>Adds <paramref name="moderator"/> (or finds the same column) and returns its name in the data set.</summary>
    public string Add(Moderator moderator)
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
            _ = moderator switch
            {
                ContinuousModerator continuous => data.ContinuousModerator(name, continuous.Values),

                // The reference is always sent (the model's choice or Core's default), so the server cannot pick another.
                CategoricalModerator categorical => data.CategoricalModerator(name, categorical.Values, categorical.Reference),
                _ => throw new InvalidOperationException($"moderator '{name}' is neither continuous nor categorical"),
            };
        }
    }

    private static bool SameValues(Moderator a, Moderator b) => (a, b) switch
    {
        (ContinuousModerator x, ContinuousModerator y) => x.Values.SequenceEqual(y.Values),
        (CategoricalModerator x, CategoricalModerator y) => x.Reference == y.Reference && x.Values.SequenceEqual(y.Values, StringComparer.Ordinal),
        _ => false,
    };
}
