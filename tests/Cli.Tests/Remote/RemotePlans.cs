namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>Small plans and their study table, written to a temporary folder for the remote command tests.</summary>
internal sealed class RemotePlans : IDisposable
{
    /// <summary>Eight effects in six studies, with standard errors, a year and a design.</summary>
    public const string Studies = """
        study,yi,sei,year,design
        A,0.30,0.20,2001,open
        A,0.10,0.22,2001,open
        B,0.55,0.17,2004,sham
        C,-0.05,0.25,2008,open
        D,0.25,0.14,2010,sham
        D,0.40,0.21,2010,sham
        E,0.15,0.19,2015,open
        F,0.60,0.28,2018,sham
        """;

    /// <summary>Four models over every engine, and the publication-bias checks that the worker can run (no trim-and-fill).</summary>
    public const string FourModels = """
        data: { file: studies.csv, study: study }
        models:
          - name: random effects
          - name: Bayes RE
            engine: exact
            priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }
          - name: three-level
            structure: three_level
          - name: NUTS RE
            engine: nuts
            priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }
            sampler: { chains: 2, warmup: 200, iterations: 200, seed: 7 }
        publication_bias: { egger: true, begg: true, trim_and_fill: false, fail_safe_n: true }
        """;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("remote-plans-");

    /// <summary>Writes <paramref name="plan"/> beside the study table.</summary>
    public FileInfo Write(string plan, string studies = Studies)
    {
        File.WriteAllText(Path.Combine(folder.FullName, "studies.csv"), studies);
        var path = Path.Combine(folder.FullName, $"plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, plan);
        return new FileInfo(path);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
