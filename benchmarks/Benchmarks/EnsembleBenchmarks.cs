using BenchmarkDotNet.Attributes;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Bayesian.Ensemble;

namespace MetaAnalysis.Benchmarks;

/// <summary>
/// Robust Bayesian model averaging on the rTMS example (31 effects in 10 studies): RoBMA-PSMA's 36 members,
/// every marginal likelihood with its error estimate, the importance-sampling cross-check and quantiles of
/// each quadrature member, posterior probabilities, inclusion Bayes factors and model-averaged μ and
/// heterogeneity — independent effects, and effects nested in studies.
/// </summary>
[MemoryDiagnoser]
public class EnsembleBenchmarks
{
    private EnsembleData independent = null!;
    private EnsembleData nested = null!;
    private readonly EnsembleDefinition definition = EnsembleDefinition.RobmaPsma();

    /// <summary>Reads the example data and computes the standardized mean changes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var table = RtmsExample.EmbeddedTable();
        var data = RtmsExample.Effects(table, RtmsExample.DefaultImputedCorrelation).Data;
        independent = EnsembleData.Independent(data);
        nested = EnsembleData.Nested(data, table.Text("study"));
    }

    /// <summary>RoBMA-PSMA, 36 members, effects treated as independent.</summary>
    [Benchmark]
    public EnsembleResult RobmaPsmaIndependent() => RobustBayesianModelAveraging.Fit(independent, definition);

    /// <summary>RoBMA-PSMA, 36 members, effects nested in studies (three-level members).</summary>
    [Benchmark]
    public EnsembleResult RobmaPsmaThreeLevel() => RobustBayesianModelAveraging.Fit(nested, definition);
}
