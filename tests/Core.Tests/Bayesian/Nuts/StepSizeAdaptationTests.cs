using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class StepSizeAdaptationTests
{
    [Fact]
    public void Learn_FirstUpdate_MatchesTheDualAveragingFormula()
    {
        var adaptation = new StepSizeAdaptation(targetAcceptance: 0.8) { Mu = Math.Log(10 * 0.5) };

        var step = adaptation.Learn(0.3);

        // m = 1: s̄ = (δ - a)/(1 + t₀); log ε = μ - √1 s̄ / γ; log ε̄ = 1·log ε.
        var averaged = (0.8 - 0.3) / 11;
        var logStep = Math.Log(5) - (averaged / 0.05);
        Assert.Equal(Math.Exp(logStep), step, 12);
        Assert.Equal(Math.Exp(logStep), adaptation.FinalStepSize(), 12);
    }

    [Fact]
    public void Learn_AcceptanceAtTarget_StaysAtMu()
    {
        var adaptation = new StepSizeAdaptation(0.8) { Mu = Math.Log(2) };

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(2, adaptation.Learn(0.8), 12);
        }

        Assert.Equal(2, adaptation.FinalStepSize(), 12);
    }

    [Fact]
    public void Learn_AcceptanceAboveTarget_GrowsTheStepSize()
    {
        var adaptation = new StepSizeAdaptation(0.8) { Mu = 0 };
        var step = 1.0;
        for (var i = 0; i < 20; i++)
        {
            step = adaptation.Learn(1.0);
        }

        Assert.True(step > 1);
        Assert.True(adaptation.FinalStepSize() > 1);
    }

    [Fact]
    public void Learn_AfterRestart_ForgetsEarlierUpdates()
    {
        var adaptation = new StepSizeAdaptation(0.8) { Mu = 0 };
        adaptation.Learn(0);
        adaptation.Learn(0);
        adaptation.Restart();
        var fresh = new StepSizeAdaptation(0.8) { Mu = 0 };

        Assert.Equal(fresh.Learn(0.5), adaptation.Learn(0.5), 14);
    }
}
