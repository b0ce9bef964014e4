using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Running;

/// <summary>
/// How a fit that ended with an exception is reported, wherever it ran: bad input names the field; an
/// engine that found no solution says so in the engine's own words. Anything else is a defect whose text
/// may carry internals, so it is reported by an error id only (the details go to the log).
/// </summary>
public static class FitFailures
{
    /// <summary>The failure kind of bad input found by the validator or an engine.</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>The failure kind of an engine that could not fit the model.</summary>
    public const string EngineError = "engine_error";

    /// <summary>The failure kind of a job whose worker stopped reporting too often.</summary>
    public const string WorkerLost = "worker_lost";

    /// <summary>The failure of a known kind of exception; null for any other exception (a defect).</summary>
    public static JobFailure? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            InvalidInputException invalid => new JobFailure { Kind = InvalidInput, Message = invalid.Message, Field = invalid.Field },
            ConvergenceException or ArithmeticException => new JobFailure { Kind = EngineError, Message = exception.Message },
            _ => null,
        };
    }

    /// <summary>The failure of an unexpected exception, by an error id that the log also carries.</summary>
    public static JobFailure Defect(string errorId, string where) =>
        new() { Kind = EngineError, Message = $"the engine failed (error id {errorId}; the details are in the {where}'s log)" };

    /// <summary>A new error id.</summary>
    public static string NewErrorId() => Guid.NewGuid().ToString("N")[..12];
}
