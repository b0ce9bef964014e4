using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Remote;

/// <summary>The exit code that sums up the states of remote jobs.</summary>
public static class JobOutcome
{
    /// <summary>
    /// <see cref="ExitCodes.PartlyFailed"/> when a job failed, else <see cref="ExitCodes.Cancelled"/> when one was
    /// cancelled, else <see cref="ExitCodes.Success"/> (all succeeded, or some are still open).
    /// </summary>
    public static int ExitCode(IEnumerable<JobState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var all = states.ToArray();
        return all.Contains(JobState.Failed) ? ExitCodes.PartlyFailed
            : all.Contains(JobState.Cancelled) ? ExitCodes.Cancelled
            : ExitCodes.Success;
    }
}
