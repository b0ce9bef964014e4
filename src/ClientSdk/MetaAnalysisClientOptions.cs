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

    /// <summary>
    /// How long awaiting a result first waits before asking again whether the job (or batch) has ended; the
    /// pause doubles with every poll up to <see cref="MaxResultPollInterval"/>.
    /// </summary>
    public TimeSpan ResultPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest pause between two polls of a job or batch that has not ended.</summary>
    public TimeSpan MaxResultPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for deadlines, back-off waits and poll pauses.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Check every submission with the server's own validator before sending it (default true), so a bad
    /// spec fails at once, without a round trip; turn it off to leave the checks to the server alone (e.g. a
    /// server of another version).
    /// </summary>
    public bool ValidateBeforeSending { get; set; } = true;
}
