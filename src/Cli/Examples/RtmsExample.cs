using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;

namespace MetaAnalysis.Cli.Examples;

/// <summary>
/// The example analysis: within-subject pre/post change in glutamate, Glx and GABA after rTMS (synthetic
/// numbers shaped like a published design; 31 effects in 10 studies). The CSV ships inside the CLI so the
/// example runs with no arguments from anywhere.
/// </summary>
public static class RtmsExample
{
    /// <summary>The pre/post correlation imputed where a study did not report it.</summary>
    public const double DefaultImputedCorrelation = 0.5;

    /// <summary>The embedded example table.</summary>
    public static StudyTable EmbeddedTable()
    {
        using var stream = typeof(RtmsExample).Assembly.GetManifestResourceStream("MetaAnalysis.Cli.Examples.rtms_synthetic.csv")
            ?? throw new InvalidOperationException("the example data set is missing from the CLI assembly");
        using var reader = new StreamReader(stream);
        return StudyTable.Read(reader, "rtms_synthetic.csv");
    }

    /// <summary>The example's analysis plan (examples/rtms/plan.yaml), embedded like the data.</summary>
    public static AnalysisPlan EmbeddedPlan()
    {
        using var stream = typeof(RtmsExample).Assembly.GetManifestResourceStream("MetaAnalysis.Cli.Examples.plan.yaml")
            ?? throw new InvalidOperationException("the example plan is missing from the CLI assembly");
        using var reader = new StreamReader(stream);
        return PlanReader.Parse(reader.ReadToEnd(), "plan.yaml", directory: null);
    }

    /// <summary>The raw columns of the standardized mean change (m1i = post, m2i = pre of the same participants).</summary>
    public static EffectSizeInput PrePostInput(StudyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new EffectSizeInput
        {
            M1i = table.Numbers("post_mean"),
            M2i = table.Numbers("pre_mean"),
            Sd1i = table.Numbers("post_sd"),
            Sd2i = table.Numbers("pre_sd"),
            Ni = table.Numbers("n"),
            Ri = table.Numbers("r_prepost"),
        };
    }

    /// <summary>SMCC effects with <paramref name="imputedCorrelation"/> where r is missing, labelled study/effect.</summary>
    public static (EffectSizeResult EffectSizes, EffectData Data) Effects(StudyTable table, double imputedCorrelation)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = EffectSizeCalculator.Compute(
            EffectSizeMeasure.StandardizedMeanChangeByChangeScoreSd,
            PrePostInput(table),
            new EffectSizeOptions { ImputedCorrelation = imputedCorrelation });
        var studies = table.Text("study");
        var effects = table.Text("effect");
        var labels = studies.Zip(effects, (s, e) => $"{s}/{e}").ToArray();
        return (result, result.ToEffectData(labels));
    }
}
