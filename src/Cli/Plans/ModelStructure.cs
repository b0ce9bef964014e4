namespace MetaAnalysis.Cli.Plans;

/// <summary>How effects vary around the model's mean.</summary>
public enum ModelStructure
{
    /// <summary>One random effect per effect (τ²).</summary>
    RandomEffects,

    /// <summary>Effects nested in studies: a random effect per study and one per effect (σ²_between, σ²_within).</summary>
    ThreeLevel,
}
