using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Subgroups;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public sealed class SubgroupAndCurveTests
{
    private static readonly double[] Yi = [0.3, 0.1, 0.5, -0.2, 0.4, 0.25, 0.05, 0.6, 0.35];
    private static readonly double[] Vi = [0.04, 0.02, 0.05, 0.03, 0.06, 0.02, 0.03, 0.05, 0.04];
    private static readonly string[] Groups = ["a", "b", "c", "a", "b", "c", "a", "b", "c"];
    private static readonly double[] Dose = [0, 1, 2, 4, 6, 8, 10, 12, 16];

    [Fact]
    public void Fit_FrequentistSubgroups_EachSubgroupItsOwnFitAndTheirDifferencesTested()
    {
        var result = FitterCatalog.Default.Fit(SubgroupSpec(new Engine { Frequentist = new FrequentistEngine { Tau2Method = "DL" } }), NullFitObserver.Instance, default);

        var direct = SubgroupAnalysis.Fit(EffectData.Create(Yi, Vi), Groups, new Core.Frequentist.RandomEffectsOptions { Method = "DL" });
        Assert.Equal(direct.Subgroups.Select(g => (g.Level, g.Fit.Coefficients[0].Estimate, g.Fit.Tau2)), result.Subgroups.Select(g => (g.Level, g.Estimate.Estimate, g.Tau2)));

        // The test of differences is Cochran's Q over the subgroups' estimates with weights 1/se².
        var estimates = result.Subgroups.Select(g => g.Estimate).ToArray();
        var weights = estimates.Select(c => 1 / (c.Se * c.Se)).ToArray();
        var pooled = estimates.Select((c, g) => weights[g] * c.Estimate).Sum() / weights.Sum();
        var q = estimates.Select((c, g) => weights[g] * (c.Estimate - pooled) * (c.Estimate - pooled)).Sum();
        Assert.Equal("QB", result.SubgroupTest.Name);
        Assert.Equal(q, result.SubgroupTest.Statistic, 10);
        Assert.Equal(2, result.SubgroupTest.Df);
    }

    [Fact]
    public void Fit_FrequentistCommonTau2Subgroups_OneEstimatePerLevelAndQmTest()
    {
        var spec = SubgroupSpec(new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } });
        spec.Model.Subgroups.Tau2 = SubgroupTau2.Common;

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // One meta-regression on the subgroup dummies: each subgroup's mean is the intercept plus its difference.
        Assert.Equal(["a", "b", "c"], result.Subgroups.Select(g => g.Level));
        Assert.Equal([3, 3, 3], result.Subgroups.Select(g => g.K));
        Assert.Equal(["intrcpt", "groupb", "groupc"], result.Coefficients.Select(c => c.Name));
        var intercept = result.Coefficients[0].Estimate;
        Assert.Equal(intercept, result.Subgroups[0].Estimate.Estimate, 12);
        Assert.Equal(intercept + result.Coefficients[1].Estimate, result.Subgroups[1].Estimate.Estimate, 12);
        Assert.Equal(intercept + result.Coefficients[2].Estimate, result.Subgroups[2].Estimate.Estimate, 12);
        Assert.All(result.Subgroups, g => Assert.False(g.HasTau2));

        // The test of subgroup differences is the omnibus test of the dummies.
        Assert.Equal("QM", result.SubgroupTest.Name);
        Assert.Equal(2, result.SubgroupTest.Df);
        Assert.Equal(result.ModeratorTest.Statistic, result.SubgroupTest.Statistic);
        Assert.Equal(result.ModeratorTest.PValue, result.SubgroupTest.PValue);
        Assert.True(result.Heterogeneity.HasTau2);
    }

    [Fact]
    public void Fit_ExactSubgroups_SubgroupMeansAreInterceptPlusDifference()
    {
        var spec = SubgroupSpec(new Engine { ExactBayes = new ExactBayesEngine() });
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Sd = 1 }, Slopes = new NormalPriorSpec { Sd = 1 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) };
        spec.Report = new Reporting { MarginalLikelihood = true };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        AssertSubgroupMeans(result, 1e-9);
        Assert.Equal(["a", "b", "c"], result.Subgroups.Select(g => g.Level));
        Assert.All(result.Subgroups, g => Assert.Equal(ExactBayesFitterTests.Parameter(result, $"mu[{g.Level}]"), g.Posterior));
        Assert.Contains(result.BayesFactors, b => b.Hypothesis == "slopes");
        Assert.True(result.Fit.HasLogMarginalLikelihood);
    }

    [Fact]
    public void Fit_SampledSubgroups_SubgroupMeansAreInterceptPlusDifferenceDrawByDraw()
    {
        var spec = SubgroupSpec(new Engine { Nuts = new NutsEngine { Chains = 2, Warmup = 200, Draws = 200, Seed = 3 } });
        spec.Priors = new Priors { Mu = new NormalPriorSpec { Sd = 1 }, Slopes = new NormalPriorSpec { Sd = 1 }, Tau = ExactBayesFitterTests.HalfNormal(0.5) };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        AssertSubgroupMeans(result, 1e-12);
        Assert.True(ExactBayesFitterTests.Parameter(result, "mu[b]").HasRhat);
    }

    public static TheoryData<DoseResponseCurve, double> Curves() => new()
    {
        { DoseResponseCurve.Quadratic, 0 },
        { DoseResponseCurve.Logarithmic, 1 },
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void Fit_EqualEffectsCurve_IsWeightedLeastSquaresOnTheCurvesColumns(DoseResponseCurve curve, double offset)
    {
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { Yi }, Vi = { Vi } }, Dose = { Dose } },
            Model = new Model { DoseResponse = new DoseResponseSpec { Curve = curve, LogOffset = offset } },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "EE" } },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // Equal effects: b = (X'WX)⁻¹X'Wy, Var(b) = (X'WX)⁻¹, W = diag(1/v).
        var x = Matrix<double>.Build.Dense(Yi.Length, curve == DoseResponseCurve.Quadratic ? 3 : 2, (i, j) => j switch
        {
            0 => 1,
            1 => curve == DoseResponseCurve.Quadratic ? Dose[i] : Math.Log(Dose[i] + offset),
            _ => Dose[i] * Dose[i],
        });
        var w = Matrix<double>.Build.Diagonal(Vi.Select(v => 1 / v).ToArray());
        var covariance = (x.Transpose() * w * x).Inverse();
        var b = covariance * x.Transpose() * w * Vector<double>.Build.DenseOfArray(Yi);
        for (var j = 0; j < b.Count; j++)
        {
            Assert.Equal(b[j], result.Coefficients[j].Estimate, 10);
            Assert.Equal(Math.Sqrt(covariance[j, j]), result.Coefficients[j].Se, 10);
        }
    }

    private static void AssertSubgroupMeans(FitResult result, double tolerance)
    {
        var intercept = ExactBayesFitterTests.Parameter(result, "beta[intrcpt]");
        Assert.Equal(intercept.Mean, ExactBayesFitterTests.Parameter(result, "mu[a]").Mean, tolerance);
        foreach (var level in new[] { "b", "c" })
        {
            var difference = ExactBayesFitterTests.Parameter(result, $"beta[group{level}]");
            Assert.Equal(intercept.Mean + difference.Mean, ExactBayesFitterTests.Parameter(result, $"mu[{level}]").Mean, tolerance);
        }
    }

    private static ModelSpec SubgroupSpec(Engine engine) => new()
    {
        Data = new DataSet
        {
            EffectSizes = new EffectSizes { Yi = { Yi }, Vi = { Vi } },
            Moderators = { new ModeratorColumn { Name = "group", Categorical = new CategoricalValues { Values = { Groups } } } },
        },
        Model = new Model { Subgroups = new SubgroupSpec { Moderator = "group" } },
        Engine = engine,
    };
}
