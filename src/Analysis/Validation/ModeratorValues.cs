using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// One moderator column of a data set as read, missing values included (NaN, or an empty level); a model
/// takes it as Core's <see cref="Moderator"/> on its complete rows.
/// </summary>
/// <param name="Name">The moderator's name.</param>
/// <param name="Path">Where its values are in the request (<c>data.moderators[1].continuous.values</c>).</param>
/// <param name="Continuous">The numbers of a continuous moderator; null for a categorical one.</param>
/// <param name="Levels">The levels of a categorical moderator; null for a continuous one.</param>
/// <param name="Reference">The categorical moderator's reference level; null for the first in sorted order.</param>
internal sealed record ModeratorValues(string Name, string Path, double[]? Continuous, string[]? Levels, string? Reference)
{
    /// <summary>Whether the value of <paramref name="row"/> is missing.</summary>
    public bool IsMissing(int row) => Continuous is { } values ? double.IsNaN(values[row]) : Levels![row].Length == 0;

    /// <summary>The moderator on <paramref name="rows"/>.</summary>
    public Moderator Select(IReadOnlyList<int> rows) => Continuous is { } values
        ? Moderator.Continuous(Name, rows.Select(i => values[i]).ToArray())
        : Moderator.Categorical(Name, rows.Select(i => Levels![i]).ToArray(), Reference);
}
