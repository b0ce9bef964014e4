namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// The builders' argument checks. They refuse only what the contract cannot carry faithfully (a zero count
/// would read as "the engine's default") or what is outside a parameter's domain; everything that depends on
/// the data or on other parts of the spec is left to the server's validator, which names the field at fault.
/// </summary>
internal static class Arguments
{
    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number");

    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number above 0");

    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number of at least 0");

    /// <summary>A probability strictly between 0 and 1 (a level, a target acceptance rate).</summary>
    public static double OpenUnitInterval(double value, string name) =>
        value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(name, value, "must lie strictly between 0 and 1");

    public static uint AtLeast(int value, int minimum, string name) =>
        value >= minimum ? (uint)value : throw new ArgumentOutOfRangeException(name, value, $"must be at least {minimum}");

    public static double Correlation(double value, string name) =>
        value is >= -1 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "must lie between -1 and 1");
}
