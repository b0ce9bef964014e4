using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Tests.Shared;

/// <summary>Specs for the tests of the analysis layer and the worker, each valid until a test breaks one field.</summary>
internal static class TestSpecs
{
    public static DataSet Effects(int k)
    {
        var data = new DataSet { EffectSizes = new EffectSizes() };
        for (var i = 0; i < k; i++)
        {
            data.EffectSizes.Yi.Add(0.1 * i);
            data.EffectSizes.Vi.Add(0.05 + (0.01 * i));
        }

        return data;
    }

    /// <summary>A fit result whose only figure is the log marginal likelihood, when given.</summary>
    public static FitResult Result(double? logMarginalLikelihood = null)
    {
        var result = new FitResult { Engine = "test", Fit = new ModelFit() };
        if (logMarginalLikelihood is { } value)
        {
            result.Fit.LogMarginalLikelihood = value;
        }

        return result;
    }

    public static ModelSpec RandomEffects(int k = 5) => new()
    {
        Data = Effects(k),
        Model = new Model { RandomEffects = new RandomEffectsSpec() },
        Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } },
    };

    public static ModelSpec ExactBayes(int k = 5) => new()
    {
        Data = Effects(k),
        Model = new Model { RandomEffects = new RandomEffectsSpec() },
        Engine = new Engine { ExactBayes = new ExactBayesEngine() },
        Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 1 }, Tau = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 0.5 } } },
    };

    public static ModelSpec RawMeanDifferences() => new()
    {
        Data = new DataSet
        {
            Raw = new RawColumns
            {
                Measure = "MD",
                M1I = { 10, 12, 9 },
                Sd1I = { 2, 3, 1.5 },
                N1I = { 20, 30, 25 },
                M2I = { 8, 11, 9.5 },
                Sd2I = { 2.5, 2, 1 },
                N2I = { 22, 28, 24 },
            },
        },
        Model = new Model { EffectSizes = new EffectSizeSpec() },
    };
}
