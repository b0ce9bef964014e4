using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Tests.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Diagnostics;

public class DiagnosticReportTests
{
    [Fact]
    public void Create_TreeDepthOfOne_WarnsAboutSaturation()
    {
        var result = Sampler.Run(GaussianTarget.StandardNormal(20), new SamplerOptions { Seed = 12, MaxTreeDepth = 1 });

        var report = DiagnosticReport.Create(result);

        Assert.Equal(TreeDepth.SaturatedCount(result), report.SaturatedTreeDepth);
        Assert.True(report.SaturatedTreeDepth > 0);
        Assert.Contains(report.Warnings, w => w.Contains("maximum tree depth of 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_FewDraws_WarnsAboutEffectiveSampleSize()
    {
        var result = Sampler.Run(GaussianTarget.StandardNormal(2), new SamplerOptions { Seed = 13, SamplingIterations = 30 });

        var report = DiagnosticReport.Create(result);

        Assert.Contains(report.Warnings, w => w.StartsWith("Bulk ESS of x[0]", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("Tail ESS of x[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ChainsInSeparateModes_WarnsAboutRhat()
    {
        // Two modes 40 standard deviations apart: a chain never crosses, so chains started on different
        // sides disagree. Initial values in (-2, 2) put some chains on each side for this seed.
        var result = Sampler.Run(new TwoModes(), new SamplerOptions { Seed = 14, WarmupIterations = 300, SamplingIterations = 300 });
        var sides = result.Chains.Select(c => Math.Sign(c.Column(0).Average())).Distinct().Count();

        var report = DiagnosticReport.Create(result);

        Assert.Equal(2, sides);
        Assert.True(report["x"].Rhat > 1.5);
        Assert.Contains(report.Warnings, w => w.StartsWith("R-hat of x is", StringComparison.Ordinal) && w.Contains("not converged", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_UnknownQuantity_Throws()
    {
        var result = Sampler.Run(GaussianTarget.StandardNormal(1), new SamplerOptions { Chains = 1, SamplingIterations = 50, WarmupIterations = 50 });

        Assert.Throws<KeyNotFoundException>(() => DiagnosticReport.Create(result, ["nope"]));
    }

    /// <summary>An equal mixture of N(-20, 1) and N(20, 1).</summary>
    private sealed class TwoModes : IModel
    {
        public int Dimension => 1;

        public IReadOnlyList<string> ParameterNames => ["x"];

        public IReadOnlyList<string> OutputNames => ["x"];

        public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
        {
            var x = unconstrained[0];
            var a = -0.5 * (x + 20) * (x + 20);
            var b = -0.5 * (x - 20) * (x - 20);
            var max = Math.Max(a, b);
            var wa = Math.Exp(a - max);
            var wb = Math.Exp(b - max);
            gradient[0] = ((wa * -(x + 20)) + (wb * -(x - 20))) / (wa + wb);
            return max + Math.Log(wa + wb);
        }

        public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output) => unconstrained.CopyTo(output);

        public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained) => constrained.CopyTo(unconstrained);
    }
}
