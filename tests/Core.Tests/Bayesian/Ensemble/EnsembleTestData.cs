using MetaAnalysis.Core.Bayesian.Ensemble;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Tests.Bayesian.Exact;

namespace MetaAnalysis.Core.Tests.Bayesian.Ensemble;

/// <summary>Data sets for the ensemble's tests: dat.bcg, the schools in districts, and seeded simulations.</summary>
internal static class EnsembleTestData
{
    public static EnsembleData Bcg() => EnsembleData.Independent(EffectData.Create(ReferenceData.BcgY, ReferenceData.BcgV));

    public static EnsembleData SchoolsInDistricts() =>
        EnsembleData.Nested(EffectData.Create(ReferenceData.SchoolsInDistrictsY, ReferenceData.SchoolsInDistrictsV), ReferenceData.SchoolsInDistricts);

    /// <summary>
    /// k published effects from N(μ, τ² + seᵢ²) with seᵢ ~ U(0.05, 0.4). Under selection an effect whose one-sided
    /// p-value is above 0.05 is published with probability <paramref name="nonsignificantPublished"/>, a significant
    /// one always (1: no selection).
    /// </summary>
    public static EnsembleData Simulated(int k, double mu, double tau, double nonsignificantPublished, ulong seed)
    {
        var random = new ChainRandom(seed, 0);
        var yi = new List<double>();
        var vi = new List<double>();
        while (yi.Count < k)
        {
            var se = random.NextUniform(0.05, 0.4);
            var y = mu + (tau * random.NextStandardNormal()) + (se * random.NextStandardNormal());
            var significant = y / se > 1.6448536269514722;
            if (significant || random.NextUniform() < nonsignificantPublished)
            {
                yi.Add(y);
                vi.Add(se * se);
            }
        }

        return EnsembleData.Independent(EffectData.Create(yi, vi));
    }
}
