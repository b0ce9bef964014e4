using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Reports.Plots;

namespace MetaAnalysis.Reports.Tests.Plots;

/// <summary>The figures after the main fit, drawn from an influence and a cumulative model of dat.bcg run through the analysis layer.</summary>
public sealed class DiagnosticFiguresTests
{
    private static readonly Lazy<IReadOnlyList<Figure>> Figures = new(() =>
    {
        var data = new DataSet
        {
            Raw = new RawColumns
            {
                Measure = "RR",
                Ai = { 4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27 },
                Bi = { 119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886 },
                Ci = { 11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29 },
                Di = { 128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825 },
            },
            Labels = { Enumerable.Range(1, 13).Select(i => $"trial {i}") },
        };
        var engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } };
        var request = new SubmitBatchRequest { Data = data, Title = "BCG" };
        request.Models.Add(new NamedModel { Name = "influence", Model = new Model { Influence = new InfluenceSpec() }, Engine = engine });
        request.Models.Add(new NamedModel { Name = "cumulative", Model = new Model { Cumulative = new CumulativeSpec() }, Engine = engine });
        var (models, comparison) = BatchRunner.Run(request);
        var document = new AnalysisDocument("BCG", data, models, comparison, RunInformation.Capture(DateTimeOffset.UtcNow, 0, "test"), null);
        return DocumentFigures.Create(document);
    });

    [Fact]
    public void Create_InfluenceAndCumulativeModels_HaveTheirFigures()
    {
        var names = Figures.Value.Select(f => f.Name).ToArray();

        Assert.Equal(["leave-one-out-influence", "cooks-distance-influence", "baujat-influence", "gosh-influence", "cumulative-cumulative", "funnel"], names);
        Assert.All(Figures.Value, f => PngCheck.AssertNotBlank(f.Png(), f.Name));
    }

    [Fact]
    public void Create_Gosh_HasEverySubset()
    {
        var gosh = Figures.Value.Single(f => f.Name == "gosh-influence");

        var points = gosh.Plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>().Single();
        Assert.Equal(8191, points.Data.GetScatterPoints().Count);
    }
}
