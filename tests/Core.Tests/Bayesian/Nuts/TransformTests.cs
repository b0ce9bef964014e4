using MetaAnalysis.Core.Bayesian.Nuts.Transforms;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class TransformTests
{
    public static TheoryData<string, double> Cases() => new()
    {
        { "positive", -3.2 },
        { "positive", 0.7 },
        { "lower", 1.5 },
        { "bounded", -25 },
        { "bounded", 0.3 },
        { "bounded", 12 },
    };

    private static ParameterTransform Of(string name) => name switch
    {
        "positive" => ParameterTransform.Positive,
        "lower" => ParameterTransform.LowerBounded(2),
        _ => ParameterTransform.Bounded(-1, 4),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Derivatives_AgreeWithCentralDifferences(string name, double u)
    {
        var t = Of(name);
        const double h = 1e-6;

        var slope = (t.Constrain(u + h) - t.Constrain(u - h)) / (2 * h);
        var jacobianSlope = (t.LogJacobian(u + h) - t.LogJacobian(u - h)) / (2 * h);

        Assert.Equal(slope, t.Derivative(u), 1e-6 * Math.Max(1, Math.Abs(slope)));
        Assert.Equal(jacobianSlope, t.LogJacobianDerivative(u), 1e-6);
        if (Math.Abs(u) < 20)
        {
            Assert.Equal(Math.Log(t.Derivative(u)), t.LogJacobian(u), 1e-10);
            Assert.Equal(u, t.Unconstrain(t.Constrain(u)), 1e-8);
        }
    }

    [Fact]
    public void Bounded_FarOutside_StaysInsideAndKeepsAFiniteJacobian()
    {
        var t = ParameterTransform.Bounded(0, 10);

        Assert.InRange(t.Constrain(-800), 0, 10);
        Assert.InRange(t.Constrain(800), 0, 10);
        Assert.Equal(Math.Log(10) - 800, t.LogJacobian(-800), 9);
        Assert.Equal(Math.Log(10) - 800, t.LogJacobian(800), 9);
    }

    [Fact]
    public void Bounded_EmptyInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterTransform.Bounded(1, 1));
    }
}
