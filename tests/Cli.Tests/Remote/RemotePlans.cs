namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>Small plans and their study table, written to a temporary folder for the remote command tests.</summary>
internal sealed class RemotePlans : IDisposable
{
    /// <summary>Eight effects in six studies, with standard errors.</summary>
    public const string Studies = """
        study,yi,sei
        A,0.30,0.20
        A,0.10,0.22
        B,0.55,0.17
        C,-0.05,0.25
        D,0.25,0.14
        D,0.40,0.21
        E,0.15,0.19
        F,0.60,0.28
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
