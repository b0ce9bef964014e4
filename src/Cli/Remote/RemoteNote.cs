namespace MetaAnalysis.Cli.Remote;

/// <summary>Where the service's analysis of a plan differs from the local one.</summary>
/// <param name="Model">The plan model it is about; null for the batch as a whole.</param>
/// <param name="Text">One sentence.</param>
public sealed record RemoteNote(string? Model, string Text)
{
    /// <summary>"model: text", or the text alone.</summary>
    public override string ToString() => Model is null ? Text : $"{Model}: {Text}";
}
