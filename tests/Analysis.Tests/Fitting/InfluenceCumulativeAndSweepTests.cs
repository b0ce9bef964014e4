using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Tests.Fitting;

/// <summary>
/// The influence, cumulative and correlation-sweep models through the contract: influence against
/// metafor's influence.rma.uni and leave1out on the BCG trials (metafor's test_misc_influence), the
/// cumulative analysis's last step against metafor's rma on all trials, the sweep against refits.
/// </summary>
public sealed class InfluenceCumulativeAndSweepTests
{
    private const double Metafor = 1e-4;

    [Fact]
    public void Fit_InfluenceBcgReml_FirstEffectAsMetaforsInfluenceAndLeave1out()
    {
        var reference = ReferenceCase.Load("bcg-rr-reml");
        var result = Fit(reference, new Model { Influence = new InfluenceSpec() });

        Assert.Equal(13, result.Influence.Count);
        var first = result.Influence[0];
        Close(-0.218142474344442, first.StudentizedResidual);
        Close(-0.0407075604868486, first.Dffits);
        Close(0.00171654236729195, first.CooksDistance);
        Close(1.11644891104804, first.CovarianceRatio);
        Close(0.336156745300306, first.Tau2Deleted);
        Close(151.582572747109, first.QeDeleted);
        Close(0.0505948307931551, first.Hat);
        Close(5.05948307931551, first.Weight);
        Close(-0.707083788031436, first.Estimate);
        Close(0.189961024702717, first.Se);
        Close(-1.07940055491509, first.CiLower);
        Close(-0.334767021147788, first.CiUpper);
        Assert.False(first.Influential);
        reference.AssertClose("beta", Assert.Single(result.Coefficients).Estimate);
    }

    [Fact]
    public void Fit_CumulativeBcgReml_LastStepIsTheFullFitAndEachStepAddsOneEffect()
    {
        var reference = ReferenceCase.Load("bcg-rr-reml");
        var result = Fit(reference, new Model { Cumulative = new CumulativeSpec() });

        Assert.Equal(Enumerable.Range(1, 13), result.Cumulative.Select(s => s.K));
        var last = result.Cumulative[^1];
        reference.AssertClose("beta", last.Estimate);
        reference.AssertClose("se", last.Se);
        reference.AssertClose("tau2", last.Tau2);

        // The fourth step is the REML fit of the first four effects alone.
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi").Take(4) }, Vi = { reference.Numbers("vi").Take(4) } } },
            Model = new Model { RandomEffects = new RandomEffectsSpec() },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } },
        };
        var firstFour = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default).Coefficients[0];
        Assert.Equal(firstFour.Estimate, result.Cumulative[3].Estimate, 1e-12);
        Assert.Equal(firstFour.CiUpper, result.Cumulative[3].CiUpper, 1e-12);
    }

    [Fact]
    public void Fit_CorrelationSweep_EachRowIsTheModelRefittedWithThatCorrelation()
    {
        var data = PrePost();
        var sweep = new CorrelationSweepSpec { Correlations = { 0.2, 0.8 } };
        var random = new NamedModel { Name = "re", Model = new Model { RandomEffects = new RandomEffectsSpec() }, Engine = new Engine { Frequentist = new FrequentistEngine() } };
        sweep.Models.Add(random);
        var result = FitterCatalog.Default.Fit(new ModelSpec { Data = data, Model = new Model { CorrelationSweep = sweep } }, NullFitObserver.Instance, default);

        Assert.Equal(2, result.CorrelationSweep.ImputedEffects);
        foreach (var r in new[] { 0.2, 0.8 })
        {
            var swept = data.Clone();
            swept.Raw.ImputedCorrelation = r;
            var refit = FitterCatalog.Default.Fit(new ModelSpec { Data = swept, Model = random.Model, Engine = random.Engine }, NullFitObserver.Instance, default).Coefficients[0];
            var row = result.CorrelationSweep.Rows.Single(x => x.Correlation == r);
            Assert.Equal(("re", "intrcpt"), (row.Model, row.Coefficient));
            Assert.Equal(refit.Estimate, row.Estimate, 1e-12);
            Assert.Equal(refit.CiLower, row.Lower, 1e-12);
        }

        Assert.NotEqual(result.CorrelationSweep.Rows[0].Estimate, result.CorrelationSweep.Rows[1].Estimate);
    }

    [Fact]
    public void Validate_SweepOnReadyMadeEffects_RefusedNamingTheMeasure()
    {
        var sweep = new CorrelationSweepSpec { Correlations = { 0.5 } };
        sweep.Models.Add(new NamedModel { Name = "re", Model = new Model { RandomEffects = new RandomEffectsSpec() }, Engine = new Engine { Frequentist = new FrequentistEngine() } });
        var spec = new ModelSpec { Data = new DataSet { EffectSizes = new EffectSizes { Yi = { 0.1, 0.2, 0.3 }, Vi = { 0.01, 0.02, 0.03 } } }, Model = new Model { CorrelationSweep = sweep } };

        var error = Assert.Throws<Core.Validation.InvalidInputException>(() => MetaAnalysis.Analysis.Validation.AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal("spec.data.raw.measure", error.Field);
    }

    /// <summary>Four pre/post studies (measure SMCC), two of which report no correlation.</summary>
    private static DataSet PrePost()
    {
        var raw = new RawColumns
        {
            Measure = "SMCC",
            M1I = { 10.2, 11.5, 9.8, 12.1 },
            M2I = { 9.6, 11.0, 9.9, 11.2 },
            Sd1I = { 1.4, 2.0, 1.1, 1.8 },
            Sd2I = { 1.2, 1.9, 1.0, 1.7 },
            Ni = { 12, 20, 15, 18 },
            Ri = { 0.6, double.NaN, 0.4, double.NaN },
            ImputedCorrelation = 0.5,
        };
        return new DataSet { Raw = raw };
    }

    private static FitResult Fit(ReferenceCase reference, Model model)
    {
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } } },
            Model = model,
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "REML" } },
        };
        return FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);
    }

    private static void Close(double expected, double actual) => Assert.True(Math.Abs(actual - expected) <= Metafor * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
