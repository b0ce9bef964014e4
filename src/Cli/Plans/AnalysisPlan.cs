namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// A lab's analysis plan, kept next to its data: where the studies are, how effect sizes are computed, the
/// models to fit and compare, the sensitivity sweep and the publication-bias checks.
/// </summary>
/// <param name="Title">The analysis's title (report heading).</param>
/// <param name="Data">The data and effect-size settings.</param>
/// <param name="Models">The models, in plan order.</param>
/// <param name="Sensitivity">The pre/post correlation sweep; null for none.</param>
/// <param name="PublicationBias">The publication-bias checks.</param>
/// <param name="Source">The plan file's name.</param>
/// <param name="Text">The plan file's text as read (reports reproduce it).</param>
/// <param name="Directory">The folder relative paths are resolved against; null for an embedded plan.</param>
public sealed record AnalysisPlan(
    string Title,
    DataPlan Data,
    IReadOnlyList<ModelPlan> Models,
    SensitivityPlan? Sensitivity,
    PublicationBiasPlan PublicationBias,
    string Source,
    string Text,
    string? Directory)
{
    /// <summary>The case diagnostics added after the models (none unless the plan asks).</summary>
    public DiagnosticsPlan Diagnostics { get; init; } = new();

    /// <summary>The sweep over the sampling errors' working correlation ρ of three-level models (<c>rho_sensitivity</c>); null for none.</summary>
    public SensitivityPlan? RhoSensitivity { get; init; }

    /// <summary>The model called <paramref name="name"/>.</summary>
    public ModelPlan Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new KeyNotFoundException($"the plan has no model named '{name}'");

    /// <summary>The data file's full path, or null when the plan names none.</summary>
    public string? DataPath => Data.File is null ? null : Path.GetFullPath(Data.File, Directory ?? Environment.CurrentDirectory);
}
