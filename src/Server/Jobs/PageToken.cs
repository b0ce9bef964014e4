using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// The <c>ListJobs</c> page token: the last job of the page and the query it belongs to, encoded so that
/// callers treat it as opaque. It names a job rather than a row number, so it tells a tenant nothing about
/// anyone else's volume; it is bound to the tenant because the job is looked up among the tenant's own
/// jobs, and to the query because a token is refused with other filters.
/// </summary>
internal sealed record PageToken(JobState State, string BatchId, string LastJobId)
{
    private const string Version = "1";
    private const char Separator = '|';
    private const string Field = "page_token";

    /// <summary>Longest token accepted: a version, a state, two ids and separators.</summary>
    private const int MaxLength = 256;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, Version, ((int)State).ToString(CultureInfo.InvariantCulture), BatchId, LastJobId)));

    /// <summary>Reads a token issued for the same query.</summary>
    /// <exception cref="InvalidInputException">The token was not issued by this service, or was issued for other filters.</exception>
    public static PageToken Decode(string token, JobState state, string batchId)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Length <= MaxLength && TryDecodeText(token, out var text) ? text.Split(Separator) : [];
        if (parts is not [Version, var encodedState, var encodedBatch, var jobId]
            || !int.TryParse(encodedState, NumberStyles.None, CultureInfo.InvariantCulture, out var stateNumber)
            || jobId.Length is 0 or > RequestIds.MaxLength)
        {
            throw NotIssued();
        }

        if (stateNumber != (int)state || !string.Equals(encodedBatch, batchId, StringComparison.Ordinal))
        {
            throw new InvalidInputException(Field, "was issued for other filters (state, batch_id); repeat them, or start again without a token");
        }

        return new PageToken(state, batchId, jobId);
    }

    /// <summary>The refusal of a token that does not decode, or names no job of the caller's.</summary>
    public static InvalidInputException NotIssued() => new(Field, "is not a token this service issued");

    private static bool TryDecodeText(string token, out string text)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.IsValid(token) && Base64Url.TryDecodeFromChars(token, bytes, out var written))
        {
            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        text = string.Empty;
        return false;
    }
}
