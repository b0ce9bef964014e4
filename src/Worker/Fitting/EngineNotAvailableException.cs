namespace MetaAnalysis.Worker.Fitting;

/// <summary>
/// The spec is valid but this build of the worker has no engine for it. The job fails with this reason
/// rather than with a result from some other engine.
/// </summary>
public sealed class EngineNotAvailableException : Exception
{
    /// <summary>Creates the exception for the engine and model named.</summary>
    public EngineNotAvailableException(string engine, string model)
        : base($"the {engine} engine for {model} models is not available in this build")
    {
        Engine = engine;
        Model = model;
    }

    /// <summary>Creates the exception without naming the engine.</summary>
    public EngineNotAvailableException()
        : this("the engine is not available in this build")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EngineNotAvailableException(string message)
        : base(message)
    {
        Engine = string.Empty;
        Model = string.Empty;
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public EngineNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Engine = string.Empty;
        Model = string.Empty;
    }

    /// <summary>The engine asked for (empty when not named).</summary>
    public string Engine { get; }

    /// <summary>The model asked for (empty when not named).</summary>
    public string Model { get; }
}
