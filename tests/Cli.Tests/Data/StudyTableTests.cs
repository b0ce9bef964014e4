using MathNet.Numerics;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;

namespace MetaAnalysis.Cli.Tests.Data;

public sealed class StudyTableTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("table-");

    [Fact]
    public void Numbers_BadCell_NamesFileLineColumnNumberAndName()
    {
        var lines = File.ReadAllLines(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "rtms_synthetic.csv"));
        lines[3] = lines[3].Replace("9.192", "9.1x2", StringComparison.Ordinal);
        var path = Path.Combine(folder.FullName, "bad.csv");
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<StudyTableException>(() => StudyTable.Load(path).Numbers("pre_mean"));

        Assert.Equal("bad.csv line 4, column 12 (pre_mean): '9.1x2' is not a number", error.Message);
    }

    [Fact]
    public void Read_RowWithTooFewCells_NamesTheLine()
    {
        var error = Assert.Throws<StudyTableException>(() => StudyTable.Read(new StringReader("yi,vi\n0.1,0.01\n0.2\n"), "s.csv"));

        Assert.Equal("s.csv line 3: 1 cells, but the header has 2 columns", error.Message);
    }

    [Fact]
    public void ReadJson_RowObjectsAndColumnArrays_GiveTheSameTable()
    {
        var rows = StudyTable.ReadJson("""[{"yi": 0.1, "vi": 0.01, "study": "A"}, {"yi": -0.2, "vi": null, "study": "B"}]""", "rows.json");
        var columns = StudyTable.ReadJson("""{"yi": [0.1, -0.2], "vi": [0.01, null], "study": ["A", "B"]}""", "columns.json");

        Assert.Equal(rows.Columns, columns.Columns);
        Assert.Equal(new[] { 0.1, -0.2 }, rows.Numbers("yi"));
        Assert.Equal(rows.Numbers("yi"), columns.Numbers("yi"));
        Assert.True(double.IsNaN(columns.Numbers("vi")[1]));
        Assert.Equal(new[] { "A", "B" }, columns.Text("study"));
    }

    [Fact]
    public void ReadJson_BadCell_NamesRowAndColumn()
    {
        var table = StudyTable.ReadJson("""[{"yi": 0.1}, {"yi": "abc"}]""", "s.json");

        var error = Assert.Throws<StudyTableException>(() => table.Numbers("yi"));

        Assert.Equal("s.json row 2, column 1 (yi): 'abc' is not a number", error.Message);
    }

    [Fact]
    public void ReadJson_UnevenColumns_NamesTheColumn()
    {
        var error = Assert.Throws<StudyTableException>(() => StudyTable.ReadJson("""{"yi": [1, 2], "vi": [1]}""", "s.json"));

        Assert.Contains("'vi' has 1 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_SeiColumn_GivesItsSquareAsVariance()
    {
        var table = StudyTable.Read(new StringReader("yi,sei\n0.3,0.2\n-0.1,0.5\n"), "s.csv");

        var data = EffectSizeColumns.Compute(table, Plan());

        Assert.Equal(0.04, data.Vi[0], 15);
        Assert.Equal(0.25, data.Vi[1], 15);
    }

    [Fact]
    public void Compute_StandardizedMeanDifferenceFromRawColumns_MatchesHedgesG()
    {
        // Hedges' g by hand: pooled SD, d, the exact small-sample factor J = Γ(m/2) / (√(m/2) Γ((m-1)/2))
        // with m = n1 + n2 - 2, and vi = 1/n1 + 1/n2 + g² / (2 (n1 + n2)), as metafor's escalc(measure = "SMD").
        var table = StudyTable.Read(new StringReader("m1i,m2i,sd1i,sd2i,n1i,n2i\n10,8,2,3,12,15\n"), "s.csv");
        var sp = Math.Sqrt(((11 * 4.0) + (14 * 9.0)) / 25);
        var j = Math.Exp(SpecialFunctions.GammaLn(12.5) - Math.Log(Math.Sqrt(12.5)) - SpecialFunctions.GammaLn(12));
        var g = j * 2 / sp;
        var vi = (1 / 12.0) + (1 / 15.0) + (g * g / (2 * 27.0));

        var data = EffectSizeColumns.Compute(table, Plan() with { Measure = "SMD" });

        Assert.Equal(g, data.Yi[0], 12);
        Assert.Equal(vi, data.Vi[0], 12);
    }

    [Fact]
    public void Compute_NegativeStandardDeviationInRenamedColumn_PointsAtTheCell()
    {
        var table = StudyTable.Read(new StringReader("post,pre,post_sd,pre_sd,n\n1,2,0.5,0.4,10\n1,2,-0.5,0.4,10\n"), "s.csv");
        var plan = Plan() with
        {
            Measure = "SMCR",
            ImputedCorrelation = 0.5,
            Columns = new Dictionary<string, string> { ["m1i"] = "post", ["m2i"] = "pre", ["sd1i"] = "post_sd", ["sd2i"] = "pre_sd", ["ni"] = "n" },
        };

        var error = Assert.Throws<StudyTableException>(() => EffectSizeColumns.Compute(table, plan));

        Assert.StartsWith("s.csv line 3, column 3 (post_sd): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NegativeVariance_PointsAtTheCell()
    {
        var table = StudyTable.Read(new StringReader("yi,vi\n0.1,0.01\n0.2,-0.01\n"), "s.csv");

        var error = Assert.Throws<StudyTableException>(() => EffectSizeColumns.Compute(table, Plan()));

        Assert.StartsWith("s.csv line 3, column 2 (vi): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_EmptyStudy_IsMissingForTheModelsThatUseIt()
    {
        var table = StudyTable.Read(new StringReader("yi,vi,study\n0.1,0.01,A\n0.2,0.01,\n"), "s.csv");

        var data = EffectSizeColumns.Compute(table, Plan() with { Study = "study" });

        Assert.Equal(["A", string.Empty], data.Studies);
    }

    [Fact]
    public void Compute_MissingYi_IsMissingNotAnError()
    {
        var table = StudyTable.Read(new StringReader("yi,vi\n0.1,0.01\nNA,0.02\n0.3,0.01\n"), "s.csv");

        var data = EffectSizeColumns.Compute(table, Plan());

        Assert.True(double.IsNaN(data.Yi[1]));
        Assert.Equal(0.3, data.Yi[2]);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static DataPlan Plan() => new(null, null, new Dictionary<string, string>(), null, null, []);
}
