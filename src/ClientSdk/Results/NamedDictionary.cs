using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>
/// Parts of a result looked up by name (coefficients by term, parameters by name, subgroups by level), in
/// the server's order. Looking up a name that is not there throws a <see cref="KeyNotFoundException"/> that
/// lists the names there are, so a misspelt term is found at once.
/// </summary>
/// <typeparam name="T">The part.</typeparam>
public sealed class NamedDictionary<T> : IReadOnlyDictionary<string, T>
{
    private readonly List<KeyValuePair<string, T>> items = [];
    private readonly Dictionary<string, T> byName = new(StringComparer.Ordinal);

    private readonly string kind;

    /// <summary>Names <paramref name="parts"/> with <paramref name="name"/>; of two parts with one name the first is kept.</summary>
    /// <param name="parts">The parts, in the server's order.</param>
    /// <param name="name">A part's name.</param>
    /// <param name="kind">The word for a part in the lookup's error message ("coefficient", "parameter", ...).</param>
    internal NamedDictionary(IEnumerable<T> parts, Func<T, string> name, string kind)
    {
        this.kind = kind;
        foreach (var part in parts)
        {
            var key = name(part);
            if (byName.TryAdd(key, part))
            {
                items.Add(new(key, part));
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No part has this name; the message lists the names there are.</exception>
    public T this[string key] => byName.TryGetValue(key, out var part)
        ? part
        : throw new KeyNotFoundException(items.Count == 0
            ? $"no {kind} '{key}': the result has none"
            : $"no {kind} '{key}'; there are: {string.Join(", ", Keys)}");

    /// <inheritdoc />
    public IEnumerable<string> Keys => items.Select(item => item.Key);

    /// <inheritdoc />
    public IEnumerable<T> Values => items.Select(item => item.Value);

    /// <inheritdoc />
    public int Count => items.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => byName.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) => byName.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => items.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
