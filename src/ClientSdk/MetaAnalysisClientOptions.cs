namespace MetaAnalysis.ClientSdk;

/// <summary>Settings of a <see cref="MetaAnalysisClient"/>.</summary>
public sealed class MetaAnalysisClientOptions
{
    /// <summary>How many times a call that failed for a transient reason (server unreachable or restarting) is retried; 0 = never.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The wait before the first retry; it doubles with every retry up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The deadline of each unary call (submit, get, list, cancel).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for deadlines and back-off waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
