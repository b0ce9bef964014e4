using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class FunnelTests
{
    /// <summary>
    /// The centred random-effects model with k = 3 vague studies: θᵢ ~ N(μ, τ²), yᵢ ~ N(θᵢ, σᵢ²),
    /// μ ~ N(0, 5²), τ ~ half-Cauchy(5). Small τ pinches θ into a funnel that no single step size can
    /// follow.
    /// </summary>
    private sealed class CentredThreeStudies : IModel
    {
        private static readonly double[] Y = [2.0, -1.0, 0.5];
        private static readonly double[] Sigma = [3.0, 3.0, 3.0];

        public int Dimension => 5;

        public IReadOnlyList<string> ParameterNames => ["mu", "tau", "theta[1]", "theta[2]", "theta[3]"];

        public IReadOnlyList<string> OutputNames => ParameterNames;

        public double LogDensityGradient(ReadOnlySpan<double> u, Span<double> gradient)
        {
            var mu = u[0];
            var tau = Math.Exp(u[1]);
            var lp = (-0.5 * mu * mu / 25) - Math.Log(1 + (tau * tau / 25)) + u[1];
            gradient[0] = -mu / 25;
            var dTau = -2 * tau / (25 + (tau * tau));
            for (var i = 0; i < 3; i++)
            {
                var theta = u[2 + i];
                var d = (theta - mu) / tau;
                lp += (-0.5 * d * d) - Math.Log(tau) - (0.5 * Math.Pow((Y[i] - theta) / Sigma[i], 2));
                gradient[0] += d / tau;
                dTau += ((d * d) - 1) / tau;
                gradient[2 + i] = (-d / tau) + ((Y[i] - theta) / (Sigma[i] * Sigma[i]));
            }

            gradient[1] = (dTau * tau) + 1;
            return lp;
        }

        public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
        {
            unconstrained.CopyTo(output);
            output[1] = Math.Exp(unconstrained[1]);
        }

        public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
        {
            constrained.CopyTo(unconstrained);
            unconstrained[1] = Math.Log(constrained[1]);
        }
    }

    [Fact]
    public void Run_CentredFunnelWithThreeStudies_WarnsAboutDivergences()
    {
        var result = Sampler.Run(new CentredThreeStudies(), new SamplerOptions { Seed = 1 });
        var report = DiagnosticReport.Create(result, ["mu", "tau"]);

        Assert.True(report.Divergences > 0);
        Assert.False(report.AllChecksPassed);
        Assert.Contains(report.Warnings, w => w.Contains("divergent", StringComparison.Ordinal) && w.Contains("biased", StringComparison.Ordinal));
    }
}
