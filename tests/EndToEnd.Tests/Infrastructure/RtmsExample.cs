using System.Globalization;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The example rTMS data set as a spec's data: standardized mean change (SMCR: post − pre over the pre-test
/// SD) from the raw pre/post columns, with r = 0.5 assumed where the pre/post correlation is unreported,
/// effects clustered in studies, total pulses as the dose, responder group and metabolite as moderators.
/// </summary>
internal static class RtmsExample
{
    public static DataSet Load()
    {
        var lines = File.ReadAllLines(RepositoryPaths.RtmsExample);
        var header = Split(lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(Split).ToArray();
        string[] Text(string column) => rows.Select(r => r[Array.IndexOf(header, column)]).ToArray();
        double[] Number(string column) => Text(column).Select(v => v.Length == 0 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        return DataSetBuilder.FromRawColumns(EffectMeasure.StandardizedMeanChangeRawScore)
            .Column(RawColumn.M1i, Number("post_mean"))
            .Column(RawColumn.M2i, Number("pre_mean"))
            .Column(RawColumn.Sd1i, Number("pre_sd"))
            .Column(RawColumn.Ni, Number("n"))
            .Column(RawColumn.Ri, Number("r_prepost"))
            .ImputedCorrelation(0.5)
            .Labels(Text("effect"))
            .Clusters(Text("study"))
            .Dose(Number("pulses_total"))
            .CategoricalModerator("group", Text("group"))
            .CategoricalModerator("metabolite", Text("metabolite"))
            .Build();
    }

    private static string[] Split(string line) => line.Split(',').Select(v => v.Trim('"')).ToArray();
}
