namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// An iterative fit (Fisher scoring, a root search) did not settle within its iteration limit. The data
/// are valid; the algorithm could not finish, so the caller reports a failed fit rather than bad input.
/// </summary>
public sealed class ConvergenceException : ArithmeticException
{
    /// <summary>Creates the exception with a message naming the algorithm and the model.</summary>
    public ConvergenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public ConvergenceException()
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public ConvergenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
