using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Remote;

/// <summary>A job or a batch on the server, told apart by the id's prefix (<c>job_</c>, <c>batch_</c>).</summary>
/// <param name="Id">The id as the server gave it.</param>
/// <param name="IsBatch">Whether it is a batch.</param>
public sealed record RemoteTarget(string Id, bool IsBatch)
{
    /// <summary>The target named by <paramref name="id"/>; anything not starting with <c>batch_</c> is taken for a job.</summary>
    /// <exception cref="InvalidInputException">The id is empty.</exception>
    public static RemoteTarget Parse(string? id)
    {
        var trimmed = id?.Trim();
        return string.IsNullOrEmpty(trimmed)
            ? throw new InvalidInputException("ID", "is required: a job id (job_...) or a batch id (batch_...)")
            : new RemoteTarget(trimmed, trimmed.StartsWith("batch_", StringComparison.Ordinal));
    }

    /// <summary>"job job_..." or "batch batch_...".</summary>
    public override string ToString() => $"{(IsBatch ? "batch" : "job")} {Id}";
}
