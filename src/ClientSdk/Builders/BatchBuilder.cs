using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Builds a batch: several named analyses of one data set, compared when all have ended.</summary>
public sealed class BatchBuilder
{
    private readonly SubmitBatchRequest request = new();

    /// <summary>A batch over <paramref name="data"/>.</summary>
    public BatchBuilder(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        request.Data = data;
    }

    /// <summary>Adds the analysis <paramref name="analysis"/> under <paramref name="name"/> (its row in the comparison table).</summary>
    public BatchBuilder Add(string name, AnalysisBuilder analysis)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(analysis);
        request.Models.Add(analysis.ToBatchModel(name));
        return this;
    }

    /// <summary>The batch request (without an idempotency key; <see cref="MetaAnalysisClient.SubmitBatchAsync"/> adds one).</summary>
    public SubmitBatchRequest Build() => request.Clone();
}
