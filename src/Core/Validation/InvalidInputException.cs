namespace MetaAnalysis.Core.Validation;

/// <summary>
/// Raised when the data, options or priors given to an engine cannot be used. It always names the
/// offending field (a path such as <c>vi[3]</c> or <c>priors.tau.scale</c>) and says what is wrong with
/// it, so the CLI can point at a CSV cell and the server can answer INVALID_ARGUMENT with a field path.
/// </summary>
public sealed class InvalidInputException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/> with a plain-words <paramref name="problem"/>.</summary>
    public InvalidInputException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>The path of the field that is wrong, for example <c>vi[3]</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field, in plain words.</summary>
    public string Problem { get; }
}
