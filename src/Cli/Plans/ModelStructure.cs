namespace MetaAnalysis.Cli.Plans;

/// <summary>How effects vary around the model's mean.</summary>
public enum ModelStructure
{
    /// <summary>One random effect per effect (τ²).</summary>
    RandomEffects,

    /// <summary>Effects nested in studies: a random effect per study and one per effect (σ²_between, σ²_within).</summary>
    ThreeLevel,

    /// <summary>The 2x2 tables themselves: a binomial-normal model (NUTS, or by maximum likelihood as metafor's rma.glmm UM.FS).</summary>
    BinomialNormal,
}
