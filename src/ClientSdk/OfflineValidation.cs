using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// Checks a spec or a batch before it is sent, with the validator the server runs on submit: a request that
/// passes here is not refused as invalid by a server of the same version, and one that fails names the same
/// field the server would.
/// </summary>
public static class OfflineValidation
{
    /// <summary>Validates <paramref name="spec"/> as the server's <c>Submit</c> does.</summary>
    /// <exception cref="SpecRejectedException">The spec is invalid; <see cref="SpecRejectedException.FieldPath"/> names the field.</exception>
    public static void Validate(this ModelSpec spec)
    {
        try
        {
            _ = AnalysisValidator.Validate(spec, "spec");
        }
        catch (InvalidInputException invalid)
        {
            throw new SpecRejectedException(invalid);
        }
    }

    /// <summary>Validates <paramref name="batch"/> as the server's <c>SubmitBatch</c> does.</summary>
    /// <exception cref="SpecRejectedException">The batch is invalid; <see cref="SpecRejectedException.FieldPath"/> names the field.</exception>
    public static void Validate(this SubmitBatchRequest batch)
    {
        try
        {
            BatchValidator.Check(batch);
        }
        catch (InvalidInputException invalid)
        {
            throw new SpecRejectedException(invalid);
        }
    }
}
