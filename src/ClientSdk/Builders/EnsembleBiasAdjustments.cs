namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>The publication-bias adjustments a robust Bayesian model average includes (any combination).</summary>
[Flags]
public enum EnsembleBiasAdjustments
{
    /// <summary>Members without an adjustment.</summary>
    NoAdjustment = 1,

    /// <summary>RoBMA-PSMA's six step weight functions (selection models).</summary>
    WeightFunctions = 2,

    /// <summary>PET: the effects regressed on their standard errors.</summary>
    Pet = 4,

    /// <summary>PEESE: the effects regressed on their variances.</summary>
    Peese = 8,

    /// <summary>All of them: RoBMA-PSMA's 36-model ensemble.</summary>
    All = NoAdjustment | WeightFunctions | Pet | Peese,
}
