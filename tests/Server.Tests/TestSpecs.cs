using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Tests;

/// <summary>Small valid specs for the tests.</summary>
internal static class TestSpecs
{
    public static ModelSpec EffectSizes(params double[] yi)
    {
        var data = new DataSet { EffectSizes = new EffectSizes() };
        data.EffectSizes.Yi.AddRange(yi);
        data.EffectSizes.Vi.AddRange(yi.Select(_ => 0.1));
        return new ModelSpec { Data = data, Model = new Model { EffectSizes = new EffectSizeSpec() } };
    }

    public static FitResult Result(double? logMarginalLikelihood = null)
    {
        var result = new FitResult { Engine = "test", Fit = new ModelFit() };
        if (logMarginalLikelihood is { } value)
        {
            result.Fit.LogMarginalLikelihood = value;
        }

        return result;
    }
}
