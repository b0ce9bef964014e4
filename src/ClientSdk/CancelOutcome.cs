namespace MetaAnalysis.ClientSdk;

/// <summary>What a cancel did, for a job or a batch alike.</summary>
/// <param name="Cancelled">The jobs that were open and are now cancelled (0: everything had already ended).</param>
public sealed record CancelOutcome(int Cancelled)
{
    /// <summary>True when at least one job was still open and is now cancelled.</summary>
    public bool AnyCancelled => Cancelled > 0;
}
