namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// Where the studies are and how their effect sizes are found: <c>yi</c> with <c>vi</c> (or <c>sei</c>), or a
/// measure computed from metafor's raw columns (<c>m1i</c>, <c>sd1i</c>, <c>ni</c>, <c>ri</c>, <c>ai</c>, ...).
/// </summary>
/// <param name="File">The table (CSV or JSON), relative to the plan file; null when the caller supplies it.</param>
/// <param name="Measure">metafor's measure code (SMCC, SMD, OR, ...); null when the table has yi and vi or sei.</param>
/// <param name="Columns">metafor column name → the table's column name, for tables whose names differ.</param>
/// <param name="ImputedCorrelation">The pre/post correlation used where <c>ri</c> is missing (pre/post measures).</param>
/// <param name="Study">The study (cluster) column of three-level models and study-level plots.</param>
/// <param name="Label">The columns naming each effect, their values joined by spaces ("Adams 2019 Glu"); empty for none (then the study and the row number).</param>
/// <param name="FailOnMissing">Whether a missing value a model uses is an error (<c>missing: fail</c>) rather than the effect left out with a note (<c>omit</c>, the default).</param>
public sealed record DataPlan(
    string? File,
    string? Measure,
    IReadOnlyDictionary<string, string> Columns,
    double? ImputedCorrelation,
    string? Study,
    IReadOnlyList<string> Label,
    bool FailOnMissing = false)
{
    /// <summary>The table's column for metafor's column <paramref name="metaforName"/>.</summary>
    public string ColumnFor(string metaforName) => Columns.TryGetValue(metaforName, out var column) ? column : metaforName;
}
