using MetaAnalysis.Tests.Shared;
using MathNet.Numerics.Distributions;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public sealed class FitterCatalogTests
{
    [Fact]
    public void Fit_RawMeanDifferences_EffectsAndVariancesInClosedForm()
    {
        var spec = TestSpecs.RawMeanDifferences();
        var raw = spec.Data.Raw;

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // MD: yi = m1 - m2, vi = sd1²/n1 + sd2²/n2 (metafor's escalc, vtype "LS").
        Assert.Equal("effect_sizes", result.Engine);
        Assert.Equal("MD", result.EffectSizes.Measure);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(raw.M1I[i] - raw.M2I[i], result.EffectSizes.Yi[i], 12);
            Assert.Equal((raw.Sd1I[i] * raw.Sd1I[i] / raw.N1I[i]) + (raw.Sd2I[i] * raw.Sd2I[i] / raw.N2I[i]), result.EffectSizes.Vi[i], 12);
        }
    }

    [Fact]
    public void Fit_ReadyMadeEffects_EffectSizeTableIsTheInput()
    {
        var spec = new ModelSpec { Data = TestSpecs.Effects(4), Model = new Model { EffectSizes = new EffectSizeSpec() } };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal(spec.Data.EffectSizes.Yi, result.EffectSizes.Yi);
        Assert.Equal(spec.Data.EffectSizes.Vi, result.EffectSizes.Vi);
        Assert.Equal(4, result.K);
    }

    [Fact]
    public void Fit_FailSafeN_RosenthalInClosedForm()
    {
        double[] yi = [0.4, 0.3, 0.5, 0.2, 0.6];
        double[] vi = [0.04, 0.05, 0.03, 0.06, 0.05];
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { yi }, Vi = { vi } } },
            Model = new Model { PublicationBias = new PublicationBiasSpec { FailSafeN = true } },
            Engine = new Engine { Frequentist = new FrequentistEngine() },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // Rosenthal: N = ceil((Σ z_i)² / z_(0.95)² − k) with z_i = y_i / √v_i.
        var sumZ = yi.Zip(vi, (y, v) => y / Math.Sqrt(v)).Sum();
        var critical = Normal.InvCDF(0, 1, 0.95);
        var expected = Math.Ceiling((sumZ * sumZ / (critical * critical)) - yi.Length);
        Assert.Equal(expected, result.PublicationBias.FailSafeN.Single(n => n.Method == "Rosenthal").Number);
    }

    [Fact]
    public void Fit_InvalidSpec_InvalidInputBeforeAnyEngine()
    {
        var spec = TestSpecs.ExactBayes();
        spec.Data.EffectSizes.Vi[0] = -1;

        var error = Assert.Throws<InvalidInputException>(() => FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default));

        Assert.Equal("spec.data.effect_sizes.vi[0]", error.Field);
    }
}
