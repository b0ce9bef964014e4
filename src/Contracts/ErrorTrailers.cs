namespace MetaAnalysis.Contracts.V1;

/// <summary>The trailers an INVALID_ARGUMENT status carries besides its message.</summary>
public static class ErrorTrailers
{
    /// <summary>The request field at fault, as a path (e.g. <c>models[2].priors.tau.half_normal.scale</c>).</summary>
    public const string FieldPath = "field-path";
}
