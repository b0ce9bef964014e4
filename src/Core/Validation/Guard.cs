using System.Globalization;

namespace MetaAnalysis.Core.Validation;

/// <summary>
/// Argument checks shared by every engine. Each throws <see cref="InvalidInputException"/> naming the
/// field (with the element index for arrays) so that no engine silently drops or repairs a row.
/// </summary>
public static class Guard
{
    /// <summary>Requires every element to be a finite number.</summary>
    public static void Finite(IReadOnlyList<double> values, string field)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new InvalidInputException(Element(field, i), $"must be a finite number, got {Describe(values[i])}");
            }
        }
    }

    /// <summary>Requires every element to be finite and strictly positive (sampling variances, standard deviations).</summary>
    public static void Positive(IReadOnlyList<double> values, string field)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] <= 0)
            {
                throw new InvalidInputException(Element(field, i), $"must be a finite number greater than 0, got {Describe(values[i])}");
            }
        }
    }

    /// <summary>Requires every element to be finite and not negative (counts, doses).</summary>
    public static void NonNegative(IReadOnlyList<double> values, string field)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < 0)
            {
                throw new InvalidInputException(Element(field, i), $"must be a finite number of at least 0, got {Describe(values[i])}");
            }
        }
    }

    /// <summary>Requires a single value to be finite and strictly positive (prior scales, tolerances).</summary>
    public static void Positive(double value, string field)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new InvalidInputException(field, $"must be a finite number greater than 0, got {Describe(value)}");
        }
    }

    /// <summary>Requires a single value to be a finite number.</summary>
    public static void Finite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidInputException(field, $"must be a finite number, got {Describe(value)}");
        }
    }

    /// <summary>Requires every element to be a correlation in [-1, 1].</summary>
    public static void Correlation(IReadOnlyList<double> values, string field)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < -1 || values[i] > 1)
            {
                throw new InvalidInputException(Element(field, i), $"must be a correlation between -1 and 1, got {Describe(values[i])}");
            }
        }
    }

    /// <summary>Requires <paramref name="values"/> to have <paramref name="expected"/> elements, the length of <paramref name="reference"/>.</summary>
    public static void SameLength<T>(IReadOnlyCollection<T> values, string field, int expected, string reference)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != expected)
        {
            throw new InvalidInputException(field, $"has {values.Count} values but {reference} has {expected}");
        }
    }

    /// <summary>Requires at least <paramref name="minimum"/> effects for <paramref name="model"/>.</summary>
    public static void AtLeast(int k, int minimum, string field, string model)
    {
        if (k < minimum)
        {
            throw new InvalidInputException(field, $"{model} needs at least {minimum} effects, got {k}");
        }
    }

    /// <summary>Requires a probability level strictly between 0 and 1 (confidence and credible levels).</summary>
    public static void Level(double level, string field)
    {
        if (!double.IsFinite(level) || level <= 0 || level >= 1)
        {
            throw new InvalidInputException(field, $"must be strictly between 0 and 1, got {Describe(level)}");
        }
    }

    /// <summary>The path of element <paramref name="index"/> of an array field, as used in error messages.</summary>
    public static string Element(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    private static string Describe(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
