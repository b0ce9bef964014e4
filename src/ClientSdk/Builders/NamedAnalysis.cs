namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>An analysis with its name: one model of a correlation sweep (the name labels its rows).</summary>
/// <param name="Name">Unique within the sweep.</param>
/// <param name="Analysis">The model, engine, priors and reporting.</param>
public sealed record NamedAnalysis(string Name, AnalysisBuilder Analysis)
{
    /// <summary>The contract's named model, after checking the name is new to <paramref name="taken"/> (which it joins).</summary>
    internal Contracts.V1.NamedModel ToNamedModel(ISet<string> taken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentNullException.ThrowIfNull(Analysis);
        if (!taken.Add(Name))
        {
            throw new ArgumentException($"two models are named '{Name}'; names must be unique");
        }

        return Analysis.ToNamedModel(Name);
    }
}
