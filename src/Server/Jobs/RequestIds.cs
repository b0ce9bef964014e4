using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// Checks a job or batch id from a request before anything looks it up: ids this server issues are a
/// prefix, '_' and 32 hexadecimal digits, so a longer one cannot name anything, and refusing it here keeps
/// it out of store queries and out of the NOT_FOUND message (which quotes the id).
/// </summary>
internal static class RequestIds
{
    /// <summary>Longest id accepted; issued ids are 36 or 38 characters.</summary>
    public const int MaxLength = 64;

    /// <exception cref="InvalidInputException">The id is empty or longer than <see cref="MaxLength"/>.</exception>
    public static string Check(string id, string field)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            throw new InvalidInputException(field, "is required");
        }

        if (id.Length > MaxLength)
        {
            throw new InvalidInputException(field, string.Create(CultureInfo.InvariantCulture, $"is {id.Length} characters long, which no id this server issues is (at most {MaxLength})"));
        }

        return id;
    }
}
