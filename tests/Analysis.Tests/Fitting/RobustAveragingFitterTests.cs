using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public class RobustAveragingFitterTests
{
    private static ModelSpec Spec(RobustAveragingSpec averaging)
    {
        var reference = ReferenceCase.Load("bcg-rr-reml");
        return new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } } },
            Model = new Model { RobustAveraging = averaging },
            Engine = new Engine { ExactBayes = new ExactBayesEngine() },
        };
    }

    [Fact]
    public void Fit_DefaultEnsemble_Is36ModelsWithRobmasPriorProbabilitiesAndTheInclusionEvidence()
    {
        var observer = new RecordingObserver();
        var result = FitterCatalog.Default.Fit(Spec(new RobustAveragingSpec()), observer, default);

        // Progress as the members finish, never backwards, ending at 1.
        var fractions = observer.Fractions.ToArray();
        Assert.True(fractions.Length >= 3, $"{fractions.Length} progress reports");
        Assert.True(fractions.Zip(fractions.Skip(1)).All(p => p.First <= p.Second), string.Join(", ", fractions));
        Assert.Equal(1, fractions[^1]);
        var averaging = result.RobustAveraging;
        Assert.Equal(36, averaging.Members.Count);
        Assert.Equal(1, averaging.Members.Sum(m => m.PosteriorProbability), 10);
        Assert.Equal(1, averaging.Members.Sum(m => m.PriorProbability), 12);
        Assert.All(averaging.Members.Where(m => m.Bias == "none"), m => Assert.Equal(1.0 / 8, m.PriorProbability, 12));
        Assert.Equal(["effect", "heterogeneity", "bias"], averaging.Inclusion.Select(i => i.Component));
        Assert.All(averaging.Inclusion, i => Assert.Equal(0.5, i.PriorProbability, 12));
        Assert.Equal(["mu", "mu (models with an effect)", "tau"], result.Parameters.Select(p => p.Name));
        Assert.Contains(averaging.Summary, line => line.Contains("from 50% before seeing the data", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_GaussianSubEnsemble_EqualsTheExactEnginesModelComparison()
    {
        // Without publication-bias adjustments every member is Gaussian: the exact engine's own figures.
        var result = FitterCatalog.Default.Fit(Spec(new RobustAveragingSpec { Bias = { "none" }, Effect = "present" }), NullFitObserver.Instance, default);

        var members = result.RobustAveraging.Members;
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal("exact", m.Method));
        var heterogeneity = result.RobustAveraging.Inclusion.Single(i => i.Component == "heterogeneity");
        var withTau = members.Single(m => m.Heterogeneity).LogMarginalLikelihood;
        var withoutTau = members.Single(m => !m.Heterogeneity).LogMarginalLikelihood;
        Assert.Equal(withTau - withoutTau, heterogeneity.LogBayesFactor, 10);

        // The ensemble's evidence mixes its members' by their prior probabilities (1/2 each here).
        Assert.Equal(Math.Log((0.5 * Math.Exp(withTau)) + (0.5 * Math.Exp(withoutTau))), result.Fit.LogMarginalLikelihood, 10);
    }

    [Theory]
    [InlineData("effect", "spec.model.robust_averaging.effect")]
    [InlineData("bias", "spec.model.robust_averaging.bias[1]")]
    [InlineData("priors", "spec.priors")]
    [InlineData("engine", "spec.engine")]
    public void Validate_BadEnsemble_NamesTheField(string problem, string field)
    {
        var spec = Spec(new RobustAveragingSpec());
        switch (problem)
        {
            case "effect":
                spec.Model.RobustAveraging.Effect = "maybe";
                break;
            case "bias":
                spec.Model.RobustAveraging.Bias.AddRange(["pet", "trim_and_fill"]);
                break;
            case "priors":
                spec.Priors = new Priors { Mu = new NormalPriorSpec { Sd = 1 } };
                break;
            default:
                spec.Engine = new Engine { Frequentist = new FrequentistEngine() };
                break;
        }

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal(field, error.Field);
    }
}
