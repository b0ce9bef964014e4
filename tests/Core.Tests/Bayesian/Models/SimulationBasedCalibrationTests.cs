using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

/// <summary>
/// Simulation-based calibration (Talts et al. 2018): parameters drawn from the prior, data from the
/// model, and the rank of each true parameter among its posterior draws. A correct sampler makes the
/// ranks uniform; bias shows as a slope, over- or under-dispersion as a U or a hump.
/// </summary>
public class SimulationBasedCalibrationTests
{
    private const int Replications = 200;
    private const int Bins = 10;
    private const int KeptPerReplication = 99;

    [Fact]
    public void Ranks_RandomEffectsModel_AreUniform()
    {
        double[] vi = [0.10, 0.20, 0.05, 0.30, 0.15];
        var muPrior = NormalPrior.Create(0, 1);
        var tauPrior = ScalePrior.HalfNormal(0.5);
        var counts = new Dictionary<string, int[]> { ["mu"] = new int[Bins], ["tau"] = new int[Bins] };

        for (var r = 0; r < Replications; r++)
        {
            var random = new ChainRandom(1000 + (ulong)r, 0);
            var mu = random.NextStandardNormal();
            var tau = Math.Abs(0.5 * random.NextStandardNormal());
            var yi = vi.Select(v => mu + (tau * random.NextStandardNormal()) + (Math.Sqrt(v) * random.NextStandardNormal())).ToArray();
            var model = new NonCentredRandomEffectsModel(EffectData.Create(yi, vi), muPrior, tauPrior);

            // Two chains of 198 kept draws, thinned by 4 to 99 nearly independent draws.
            var result = Sampler.Run(model, new SamplerOptions { Seed = (ulong)r, Chains = 2, WarmupIterations = 300, SamplingIterations = 198, TargetAcceptance = 0.9 });
            foreach (var (name, truth) in new[] { ("mu", mu), ("tau", tau) })
            {
                var draws = result.PooledDraws(name).Where((_, i) => i % 4 == 0).Take(KeptPerReplication).ToArray();
                var rank = draws.Count(d => d < truth);
                counts[name][rank * Bins / (KeptPerReplication + 1)]++;
            }
        }

        foreach (var (name, histogram) in counts)
        {
            var expected = Replications / (double)Bins;
            var chiSquare = histogram.Sum(c => (c - expected) * (c - expected) / expected);
            var pValue = 1 - ChiSquared.CDF(Bins - 1, chiSquare);
            Assert.True(pValue > 0.001, $"{name}: ranks not uniform, histogram [{string.Join(", ", histogram)}], p = {pValue}");
        }
    }

    [Fact]
    public void Ranks_StepSelectionModelWithCumulativeDirichletWeights_AreUniform()
    {
        double[] variances = [0.02, 0.05, 0.08, 0.12, 0.2];
        const int K = 15;
        var muPrior = NormalPrior.Create(0, 1);
        var tauPrior = ScalePrior.HalfNormal(0.5);
        var counts = new Dictionary<string, int[]> { ["mu"] = new int[Bins], ["tau"] = new int[Bins], ["omega"] = new int[Bins] };

        for (var r = 0; r < Replications; r++)
        {
            // (μ, τ, ω₂) from the priors: Dirichlet(1, 1) makes ω₂ = η₂ uniform on (0, 1).
            var random = new ChainRandom(5000 + (ulong)r, 0);
            var mu = random.NextStandardNormal();
            var tau = Math.Abs(0.5 * random.NextStandardNormal());
            var omega = random.NextUniform();

            // Published studies only: a candidate is kept with weight 1 when one-sided p ≤ 0.025, else ω₂.
            var yi = new List<double>();
            var vi = new List<double>();
            for (var candidate = 0; yi.Count < K; candidate++)
            {
                var v = variances[candidate % variances.Length];
                var y = mu + (tau * random.NextStandardNormal()) + (Math.Sqrt(v) * random.NextStandardNormal());
                var p = 1 - Normal.CDF(0, 1, y / Math.Sqrt(v));
                if (p <= 0.025 || random.NextUniform() < omega)
                {
                    yi.Add(y);
                    vi.Add(v);
                }
            }

            var model = new StepSelectionModel(EffectData.Create(yi.ToArray(), vi.ToArray()), [0.025], muPrior, tauPrior, StepWeightPrior.CumulativeDirichlet([1, 1]));
            var result = Sampler.Run(model, new SamplerOptions { Seed = (ulong)r, Chains = 2, WarmupIterations = 300, SamplingIterations = 198, TargetAcceptance = 0.9 });
            foreach (var (name, truth) in new[] { ("mu", mu), ("tau", tau), ("omega", omega) })
            {
                var quantity = name == "omega" ? model.ParameterNames.Single(n => n.StartsWith("omega", StringComparison.Ordinal)) : name;
                var draws = result.PooledDraws(quantity).Where((_, i) => i % 4 == 0).Take(KeptPerReplication).ToArray();
                var rank = draws.Count(d => d < truth);
                counts[name][rank * Bins / (KeptPerReplication + 1)]++;
            }
        }

        foreach (var (name, histogram) in counts)
        {
            var expected = Replications / (double)Bins;
            var chiSquare = histogram.Sum(c => (c - expected) * (c - expected) / expected);
            var pValue = 1 - ChiSquared.CDF(Bins - 1, chiSquare);
            Assert.True(pValue > 0.001, $"{name}: ranks not uniform, histogram [{string.Join(", ", histogram)}], p = {pValue}");
        }
    }
}
