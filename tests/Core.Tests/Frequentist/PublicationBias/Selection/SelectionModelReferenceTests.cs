using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Tests.Bayesian.Models;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias.Selection;

/// <summary>
/// Fits against the shared metafor 3.8-1 <c>selmodel</c> references (converged far past metafor's defaults,
/// see each case's <c>source</c>), within the cases' own tolerance (relative 1e-4, absolute 1e-6).
/// </summary>
public class SelectionModelReferenceTests
{
    [Theory]
    [InlineData("sel-hackshaw-step2.json")]
    [InlineData("sel-bcg-step2-less.json")]
    [InlineData("sel-hackshaw-halfnorm.json")]
    [InlineData("sel-hackshaw-power.json")]
    public void Fit_MetaforReference_MatchesEveryFigure(string file)
    {
        var reference = ReferenceCaseFile.Load(file);
        var options = reference.Options;
        var steps = options["steps"] is JsonArray s ? s.Select(e => e!.GetValue<double>()).ToArray() : null;
        var weights = SelectionWeightFunction.FromType(options["type"]!.GetValue<string>(), steps);
        var alternative = options["alternative"]!.GetValue<string>() == "less" ? SelectionAlternative.Less : SelectionAlternative.Greater;

        var fit = SelectionModel.Fit(EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi")), weights, alternative);

        var expected = reference.Expected;
        Close(expected["beta"]!, fit.Coefficients[0].Estimate);
        Close(expected["se"]!, fit.Coefficients[0].StandardError);
        Close(expected["tau2"]!, fit.Tau2);
        Close(expected["tau2_se"]!, fit.Tau2StandardError);
        Close(expected["loglik"]!, fit.LogLikelihood);
        Close(expected["lrt"]!, fit.LikelihoodRatio);
        Close(expected["lrt_pval"]!, fit.LikelihoodRatioPValue);
        Assert.Equal(expected["lrt_df"]!.GetValue<int>(), fit.LikelihoodRatioDegreesOfFreedom);
        var deltas = expected["delta"] is JsonArray d ? d : [expected["delta"]!.DeepClone()];
        var deltaSe = expected["delta_se"] is JsonArray e ? e : [expected["delta_se"]!.DeepClone()];
        Assert.Equal(deltas.Count, fit.Deltas.Count);
        for (var j = 0; j < deltas.Count; j++)
        {
            Close(deltas[j]!, fit.Deltas[j]);
            if (deltaSe[j] is null)
            {
                Assert.True(double.IsNaN(fit.DeltaStandardErrors[j]), "a fixed δ has no standard error");
            }
            else
            {
                Close(deltaSe[j]!, fit.DeltaStandardErrors[j]);
            }
        }
    }

    private static void Close(JsonNode expected, double actual)
    {
        var e = expected.GetValue<double>();
        Assert.True(Math.Abs(actual - e) <= 1e-6 + (1e-4 * Math.Abs(e)), $"expected {e:R}, got {actual:R} (relative error {Math.Abs(actual - e) / Math.Abs(e):E2})");
    }
}
