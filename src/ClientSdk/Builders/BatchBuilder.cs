using System.Globalization;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// Builds a batch: several named analyses of one data set, compared when all have ended. Like a plan file,
/// a batch also runs the publication-bias checks (Egger, Begg, trim-and-fill, fail-safe N) as a frequentist
/// model named <see cref="PublicationBiasModelName"/> unless <see cref="WithPublicationBiasChecks"/> turns them off.
/// </summary>
public sealed class BatchBuilder
{
    /// <summary>The name of the publication-bias model a batch adds (with " (2)", " (3)", ... when a model of the batch already has it).</summary>
    public const string PublicationBiasModelName = "publication bias";

    private readonly DataSet data;
    private readonly List<NamedModel> models = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private string title = string.Empty;
    private bool publicationBiasChecks = true;

    /// <summary>A batch over <paramref name="data"/>.</summary>
    public BatchBuilder(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        this.data = data.Clone();
    }

    /// <summary>The analysis's title, shown by reports.</summary>
    public BatchBuilder Title(string batchTitle)
    {
        ArgumentNullException.ThrowIfNull(batchTitle);
        title = batchTitle;
        return this;
    }

    /// <summary>Adds <paramref name="analysis"/> as it is now under <paramref name="name"/> (its row in the comparison table).</summary>
    /// <exception cref="ArgumentException">The name is empty or already taken by another model of the batch.</exception>
    public BatchBuilder Add(string name, AnalysisBuilder analysis)
    {
        models.Add(new NamedAnalysis(name, analysis).ToNamedModel(names));
        return this;
    }

    /// <summary>Whether the batch adds the publication-bias model (default true, as a plan file does).</summary>
    public BatchBuilder WithPublicationBiasChecks(bool enabled)
    {
        publicationBiasChecks = enabled;
        return this;
    }

    /// <summary>The batch request (a copy, without an idempotency key; <see cref="MetaAnalysisClient.SubmitBatchAsync"/> adds one).</summary>
    public SubmitBatchRequest Build()
    {
        var request = new SubmitBatchRequest { Data = data.Clone(), Title = title };
        request.Models.AddRange(models.Select(m => m.Clone()));
        if (publicationBiasChecks)
        {
            request.Models.Add(new AnalysisBuilder().PublicationBias().Frequentist().ToNamedModel(UnusedName(PublicationBiasModelName)));
        }

        return request;
    }

    private string UnusedName(string name)
    {
        var candidate = name;
        for (var n = 2; names.Contains(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name} ({n})");
        }

        return candidate;
    }
}
