using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias.Selection;

public class SelectionWeightFunctionTests
{
    /// <summary>w(p) written out independently of the classes, with metafor's clamping for beta and power.</summary>
    private static double Weight(string type, double p, double[] delta)
    {
        var clamped = Math.Clamp(p, 1e-5, 1 - 1e-5);
        return type switch
        {
            "beta" => Math.Pow(clamped, delta[0] - 1) * Math.Pow(1 - clamped, delta[1] - 1),
            "halfnorm" => Math.Exp(-delta[0] * p * p),
            "negexp" => Math.Exp(-delta[0] * p),
            "logistic" => 2 * Math.Exp(-delta[0] * p) / (1 + Math.Exp(-delta[0] * p)),
            "power" => Math.Pow(1 - clamped, delta[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    public static TheoryData<string, double[], double, double, double> Cases() => new()
    {
        { "beta", [0.4, 2.5], 0.3, 0.25, 0.3 },
        { "beta", [1.7, 0.6], -0.1, 0.1, 0.15 },
        { "halfnorm", [3.0], 0.2, 0.2, 0.25 },
        { "halfnorm", [40.0], 0.05, 0.1, 0.6 },
        { "negexp", [5.0], 0.1, 0.3, 0.35 },
        { "logistic", [8.0], 0.4, 0.2, 0.2 },
        { "power", [0.7], 0.1, 0.15, 0.4 },
        { "power", [12.0], -0.3, 0.05, 0.05 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NormalizingConstant_ContinuousWeights_MatchesAdaptiveIntegration(string type, double[] delta, double mean, double se, double sd)
    {
        var function = SelectionWeightFunction.FromType(type);
        var gradient = new double[delta.Length];

        var value = function.NormalizingConstant(se, mean, sd, delta, out _, out _, gradient);

        // Adaptive Gauss-Kronrod over y, in pieces between the points where the clamps put kinks into w.
        double Integrand(double y) => Weight(type, Normal.CDF(0, 1, -y / se), delta) * Normal.PDF(mean, sd, y);
        var clamp = -se * Normal.InvCDF(0, 1, 1e-5);
        double[] ends = [mean - (40 * sd), -clamp, 0, clamp, mean + (40 * sd)];
        Array.Sort(ends);
        var expected = 0.0;
        for (var e = 1; e < ends.Length; e++)
        {
            expected += Integrate.GaussKronrod(Integrand, ends[e - 1], ends[e], out _, out _, 1e-13, 30, 61);
        }

        Assert.Equal(expected, value, expected * 1e-11);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NormalizingConstant_Derivatives_MatchFiniteDifferences(string type, double[] delta, double mean, double se, double sd)
    {
        var function = SelectionWeightFunction.FromType(type);
        var gradient = new double[delta.Length];
        var scratch = new double[delta.Length];
        function.NormalizingConstant(se, mean, sd, delta, out var dMean, out var dSd, gradient);
        double A(double m, double s, double[] d) => function.NormalizingConstant(se, m, s, d, out _, out _, scratch);
        const double h = 1e-6;

        Assert.Equal((A(mean + h, sd, delta) - A(mean - h, sd, delta)) / (2 * h), dMean, 1e-7);
        Assert.Equal((A(mean, sd + h, delta) - A(mean, sd - h, delta)) / (2 * h), dSd, 1e-7);
        for (var j = 0; j < delta.Length; j++)
        {
            var up = delta.ToArray();
            var down = delta.ToArray();
            up[j] += h;
            down[j] -= h;
            Assert.Equal((A(mean, sd, up) - A(mean, sd, down)) / (2 * h), gradient[j], 1e-7);
        }
    }

    [Fact]
    public void NormalizingConstant_StepFunction_IsTheWeightedIntervalProbabilities()
    {
        var function = new StepWeightFunction([0.025, 0.1, 0.5, 1]);
        double[] delta = [1, 0.7, 0.4, 0.15];
        const double se = 0.2;
        const double mean = 0.15;
        const double sd = 0.3;

        var value = function.NormalizingConstant(se, mean, sd, delta, out var dMean, out _, new double[4]);

        // The weighted density integrated numerically between the weight's jumps.
        double[] cuts = [mean - (40 * sd), .. new[] { 0.5, 0.1, 0.025 }.Select(s => -se * Normal.InvCDF(0, 1, s)), mean + (40 * sd)];
        double[] weights = [0.15, 0.4, 0.7, 1];
        var expected = 0.0;
        for (var e = 1; e < cuts.Length; e++)
        {
            expected += weights[e - 1] * Integrate.GaussKronrod(y => Normal.PDF(mean, sd, y), cuts[e - 1], cuts[e], out _, out _, 1e-14, 30, 61);
        }

        Assert.Equal(expected, value, 1e-12);
        var scratch = new double[4];
        var numeric = (function.NormalizingConstant(se, mean + 1e-6, sd, delta, out _, out _, scratch) - function.NormalizingConstant(se, mean - 1e-6, sd, delta, out _, out _, scratch)) / 2e-6;
        Assert.Equal(numeric, dMean, 1e-8);
    }

    [Fact]
    public void LogWeight_StepFunction_UsesTheIntervalWhoseUpperEndIsAtOrAboveP()
    {
        var function = new StepWeightFunction([0.025, 0.5]);
        double[] delta = [1, 0.6, 0.3];
        var gradient = new double[3];

        Assert.Equal(0, function.LogWeight(0.025, delta, gradient));
        Assert.Equal(Math.Log(0.6), function.LogWeight(0.0250001, delta, gradient), 15);
        Assert.Equal(1 / 0.6, gradient[1]);
        Assert.Equal(Math.Log(0.3), function.LogWeight(0.9, delta, gradient), 15);
        Assert.Equal(3, function.DeltaCount);
    }

    [Fact]
    public void Constructor_StepsWithoutOne_AppendsOneAsMetaforDoes()
    {
        var function = new StepWeightFunction([0.05]);

        Assert.Equal([0.05, 1.0], function.Steps);
        Assert.Equal(1, function.FreeDeltaCount);
    }

    [Fact]
    public void FromType_UnknownType_ThrowsNamingTheField()
    {
        Assert.Equal("type", Assert.Throws<InvalidInputException>(() => SelectionWeightFunction.FromType("probit")).Field);
        Assert.Equal("steps", Assert.Throws<InvalidInputException>(() => SelectionWeightFunction.FromType("beta", [0.05, 1])).Field);
        Assert.Equal("steps[1]", Assert.Throws<InvalidInputException>(() => SelectionWeightFunction.FromType("stepfun", [0.5, 0.05, 1])).Field);
    }
}
