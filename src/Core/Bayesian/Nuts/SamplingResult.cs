namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>Every chain of a run, with the names of the outputs and the settings that produced them.</summary>
public sealed class SamplingResult
{
    private readonly Dictionary<string, int> outputIndex;

    internal SamplingResult(IReadOnlyList<string> outputNames, IReadOnlyList<ChainResult> chains, SamplerOptions options, TimeSpan elapsed)
    {
        OutputNames = outputNames;
        Chains = chains;
        Options = options;
        Elapsed = elapsed;
        outputIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < outputNames.Count; i++)
        {
            outputIndex[outputNames[i]] = i;
        }
    }

    /// <summary>Names of the outputs of each draw.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The chains, in chain order.</summary>
    public IReadOnlyList<ChainResult> Chains { get; }

    /// <summary>The settings of the run.</summary>
    public SamplerOptions Options { get; }

    /// <summary>Wall-clock time of warm-up and sampling.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Kept draws per chain.</summary>
    public int DrawsPerChain => Chains[0].DrawCount;

    /// <summary>The index of an output by name; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public int IndexOf(string name) => outputIndex.TryGetValue(name, out var i)
        ? i
        : throw new KeyNotFoundException($"the model has no output named '{name}'");

    /// <summary>The draws of one output, one array per chain (the layout every diagnostic takes).</summary>
    public double[][] Draws(string name) => Draws(IndexOf(name));

    /// <summary>The draws of output <paramref name="output"/>, one array per chain.</summary>
    public double[][] Draws(int output) => Chains.Select(c => c.Column(output)).ToArray();

    /// <summary>The draws of one output, chains concatenated.</summary>
    public double[] PooledDraws(string name) => Draws(name).SelectMany(c => c).ToArray();
}
