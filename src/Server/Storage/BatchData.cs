using Google.Protobuf;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The data set a batch's models share, stored once per batch (table <c>batch_data</c>) rather than once in
/// every job's spec: a batch of 64 models over 1.6 MB of data stores 1.6 MB, not 100. A batch job's stored
/// spec has no <c>data</c>; whoever reads the spec for a worker or a client gets it back with the data.
/// </summary>
internal static class BatchData
{
    /// <summary>The shared part as stored: a <see cref="ModelSpec"/> holding only <paramref name="data"/>.</summary>
    public static byte[] Encode(DataSet data) => new ModelSpec { Data = data }.ToByteArray();

    /// <summary>
    /// A job's spec with its batch's data attached (<paramref name="data"/> as <see cref="Encode"/> made it;
    /// null: the spec is whole, as a single job's or one stored before data were shared).
    /// </summary>
    /// <remarks>
    /// Parsing concatenated protobuf messages merges them, and the stored spec has no <c>data</c> field, so
    /// the spec followed by the encoded data part is the whole spec: no parsing, one copy.
    /// </remarks>
    public static byte[] Attach(byte[] spec, byte[]? data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (data is null)
        {
            return spec;
        }

        var whole = new byte[spec.Length + data.Length];
        spec.CopyTo(whole, 0);
        data.CopyTo(whole, spec.Length);
        return whole;
    }
}
