namespace MetaAnalysis.ClientSdk;

/// <summary>Pauses that double from a first pause up to a cap: between retries, and between polls of a running job.</summary>
internal static class ExponentialBackoff
{
    /// <summary>The pause after attempt number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan After(int attempt, TimeSpan first, TimeSpan cap)
    {
        // Past 2^20 the cap has long been reached; the bound keeps the factor finite.
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, cap.Ticks));
    }
}
