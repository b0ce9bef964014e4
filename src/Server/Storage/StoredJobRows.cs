using System.Data.Common;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>The job columns both stores read, in the same order, and their mapping onto <see cref="StoredJob"/>.</summary>
internal static class StoredJobRows
{
    /// <summary>The columns of a <see cref="StoredJob"/> (the spec, when wanted, follows as <see cref="SpecColumns"/>).</summary>
    public const string Columns = "row_id, job_id, batch_id, name, state, attempt, created, updated, result, failure";

    /// <summary>The spec of a row of <c>jobs</c> and its batch's shared data (NULL for a whole spec), read with <see cref="Columns"/>.</summary>
    public const string SpecColumns = "spec, (SELECT data FROM batch_data WHERE batch_data.batch_id = jobs.batch_id)";

    /// <summary>The current row as a job; <paramref name="time"/> reads a time column the way the store keeps it.</summary>
    public static StoredJob Read(DbDataReader reader, bool includeSpec, Func<DbDataReader, int, DateTimeOffset> time) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        (JobState)reader.GetInt32(4),
        reader.GetInt32(5),
        time(reader, 6),
        time(reader, 7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
        includeSpec ? BatchData.Attach(reader.GetFieldValue<byte[]>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<byte[]>(11)) : null);
}
