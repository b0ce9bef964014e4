namespace MetaAnalysis.Worker.Runtime;

/// <summary>What the server answered to a heartbeat.</summary>
public enum HeartbeatOutcome
{
    /// <summary>The lease was renewed; go on.</summary>
    Continue,

    /// <summary>The job was cancelled; stop and report nothing more.</summary>
    Cancel,

    /// <summary>The attempt is no longer current (lease expired, job handed to another worker); stop.</summary>
    LeaseLost,

    /// <summary>The server could not be reached; go on and try again at the next heartbeat.</summary>
    Unreachable,
}
