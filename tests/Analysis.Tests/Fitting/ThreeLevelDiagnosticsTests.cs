using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Fitting;

/// <summary>
/// Influence and cumulative analyses of three-level models through the contract, the validator and the
/// fitter catalog, on the CHE model of dat.konstantopoulos2011 (V = vcalc(vi, district, obs, rho = 0.6),
/// <c>rma.mv(yi, V, random = ~ 1 | district/effect)</c>); figures from metafor 3.8.1's <c>cooks.distance</c>,
/// <c>dfbetas</c> and <c>rstudent</c> with <c>cluster = district</c>, and from refits on subsets.
/// </summary>
public sealed class ThreeLevelDiagnosticsTests
{
    [Fact]
    public void Influence_ThreeLevelOnV_EqualsMetaforsDistrictDiagnostics()
    {
        var result = Fit(new Model { Influence = new InfluenceSpec { Structure = Structure.ThreeLevel, SamplingCorrelation = 0.6 } });

        var districts = result.ClusterInfluence;
        Assert.Equal(11, districts.Count);
        Near([0.03430819527, 0.01914948623, 0.03633026697, 0.1320236829, 0.02591361021, 0.09856189209, 0.5926694011, 0.09645721567, 0.004230345357, 0.05974451149, 0.001069132216], districts.Select(d => d.CooksDistance), 2e-5);
        Near([-0.183409919, -0.1322249727, 0.1852136278, 0.3678452461, -0.1545568799, -0.3174482011, 1.089894926, -0.3114637426, 0.06132921348, -0.2336045694, -0.03151720076], districts.Select(d => d.Dfbetas.Single()), 2e-4);
        Near([2.283334342, 3.610786247, 0.5741550662, 4.010839815, 0.8336962967, 3.255459446, 21.33023266, 1.072393769, 7.581809162, 21.39407053, 3.313276265], districts.Select(d => d.ChiSquare), 2e-4);
        var without71 = districts.Single(d => d.Cluster == "71");
        Assert.Equal(0.1244958721, without71.Estimate, 4e-5);
        Assert.Equal(0.06396104638, without71.Se, 4e-5);
        Assert.Equal(0.02011992441, without71.Sigma2BetweenDeleted, 4e-5);
        Assert.Equal(0.03831175591, without71.Sigma2WithinDeleted, 4e-5);
        Assert.True(without71.Influential); // |DFBETAS| > 1

        Assert.Equal(56, result.Influence.Count);
        Near([-0.7776971713, -0.8631521935, 0.08385935046, -0.9764652287, -0.1683147746], result.Influence.Take(5).Select(e => e.StudentizedResidual), 2e-4);
        Assert.All(result.Influence, e => Assert.False(e.HasDffits || e.HasCovarianceRatio || e.HasTau2Deleted));
        Assert.Contains("on V with ρ = 0.6", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Cumulative_ThreeLevelOnV_AddsWholeDistricts()
    {
        var result = Fit(new Model { Cumulative = new CumulativeSpec { Structure = Structure.ThreeLevel, SamplingCorrelation = 0.6 } });

        Assert.Equal(Enumerable.Range(2, 10), result.Cumulative.Select(s => s.Clusters));
        var five = result.Cumulative.Single(s => s.Clusters == 5);
        Assert.Equal(0.2082695579, five.Estimate, 4e-5);
        Assert.Equal(0.1054035949, five.Se, 4e-5);
        Assert.Equal(0.03198713723, five.Sigma2Between, 4e-5);
        Assert.Equal(0.02905233902, five.Sigma2Within, 4e-5);
        Assert.Equal(56, result.Cumulative[^1].K);
        Assert.All(result.Cumulative, s => Assert.False(s.HasTau2 || s.HasI2));
    }

    [Fact]
    public void Validate_SamplingCorrelationOnRandomEffectsDiagnostics_RefusedNamingTheField()
    {
        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(Spec(new Model { Influence = new InfluenceSpec { SamplingCorrelation = 0.6 } }), "spec"));

        Assert.Equal("spec.model.influence.sampling_correlation", error.Field);
        Assert.Contains("THREE_LEVEL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThreeLevelCumulativeWithoutClusters_RefusedNamingTheClusters()
    {
        var spec = Spec(new Model { Cumulative = new CumulativeSpec { Structure = Structure.ThreeLevel } });
        spec.Data.Clusters.Clear();

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.data.clusters", error.Field);
    }

    private static FitResult Fit(Model model) => FitterCatalog.Default.Fit(Spec(model), NullFitObserver.Instance, default);

    private static ModelSpec Spec(Model model)
    {
        var reference = ReferenceCase.Load("mvv-konstantopoulos-r06");
        return new ModelSpec
        {
            Data = new DataSet
            {
                EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } },
                Clusters = { reference.Texts("cluster") },
            },
            Model = model,
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } },
        };
    }

    private static void Near(IReadOnlyList<double> expected, IEnumerable<double> actual, double tolerance)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Count, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= tolerance, $"[{i}]: expected {expected[i]:R} within {tolerance}, got {values[i]:R}");
        }
    }
}
