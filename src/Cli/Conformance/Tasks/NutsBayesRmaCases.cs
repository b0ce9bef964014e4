using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>bayes_rma</c> cases that have no exact route: <c>random_effects</c> {dist: student_t, df}, fitted
/// by NUTS. The <c>bayes_rma</c> task hands such cases here; figures are {mean sd median q025 q975 mcse}
/// of <c>mu</c> and <c>tau</c> or, with moderators, of <c>tau</c> and each coefficient in the array
/// <c>beta</c> (intercept first); with estimated degrees of freedom also <c>df</c> and <c>theta_new</c>.
/// </summary>
/// <remarks>
/// <para><c>df</c> is either a number (known degrees of freedom) or a prior object ({dist: gamma, shape,
/// rate} or {dist: log_normal, meanlog, sdlog}) to estimate them. Known degrees of freedom without
/// moderators are the contract's Student-t random effects, fitted as the service fits them (which reports
/// no predictive distribution for them). The contract has neither moderators with Student-t random
/// effects nor a prior on their degrees of freedom, so those cases are sampled from Core's model here.</para>
/// <para>On that route <c>theta_new</c> = μ + τ t_new with a fresh t_new ~ t(ν) per draw from a fixed
/// stream. Marginal likelihoods and Bayes factors are not produced.</para>
/// </remarks>
public static class NutsBayesRmaCases
{
    /// <summary>Whether a <c>bayes_rma</c> case needs this route: it names random effects that are not normal.</summary>
    public static bool Handles(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return testCase.Options["random_effects"] is JsonObject randomEffects && CaseReader.Text(randomEffects, "dist") != "normal";
    }

    /// <summary>Fits a Student-t random-effects case by NUTS and returns its figures.</summary>
    public static JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var randomEffects = testCase.Options["random_effects"] as JsonObject
            ?? throw new UnsupportedCaseException("bayes_rma without random_effects is for the exact engine");
        var dist = CaseReader.Text(randomEffects, "dist");
        if (dist != "student_t")
        {
            throw new UnsupportedCaseException($"random_effects.dist '{dist}' is not supported (student_t is)");
        }

        var moderators = CaseReader.Moderators(testCase.Data);
        if (moderators.Count == 0 && randomEffects["df"] is JsonValue knownDf)
        {
            return RunSpec(testCase, knownDf.GetValue<double>());
        }

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var design = DesignMatrix.Create(data.K, moderators);
        var priors = NutsCaseReading.Priors(testCase);
        // The contract has no Student-t model with moderators or an estimated df: the case's priors are read
        // as the plan's are, into the contract's specs, and turned into Core's priors as the validator does.
        var specs = new Contracts.V1.Priors
        {
            Mu = PriorSpecReader.Normal(priors, priors.ContainsKey("mu") ? "mu" : "intercept", "priors"),
            Slopes = moderators.Count > 0 ? PriorSpecReader.Normal(priors, "slopes", "priors") : null,
            Tau = PriorSpecReader.Scale(priors, "tau", "priors"),
        };
        var read = Analysis.Validation.PriorReader.Read(specs, "priors");
        var (muPrior, slopePrior, tauPrior) = (read.Mu!, read.Slopes, read.Tau!);
        var model = randomEffects["df"] switch
        {
            JsonObject => StudentTRandomEffectsModel.WithEstimatedDegreesOfFreedom(data, Analysis.Validation.PriorReader.Positive(PriorSpecReader.Positive(randomEffects, "df", "random_effects"), "random_effects.df")!, muPrior, tauPrior, design, slopePrior),
            JsonValue df => StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(data, df.GetValue<double>(), muPrior, tauPrior, design, slopePrior),
            _ => throw new FormatException("random_effects.df is required (a number, or a prior object to estimate it)"),
        };

        var result = Sampler.Run(model, NutsCaseReading.Options);
        var figures = new JsonObject { ["tau"] = NutsCaseReading.Summary("tau", result.Draws("tau")) };
        if (moderators.Count > 0)
        {
            figures["beta"] = new JsonArray(model.CoefficientNames.Select(n => (JsonNode)NutsCaseReading.Summary(n, result.Draws(n))).ToArray());
        }
        else
        {
            figures["mu"] = NutsCaseReading.Summary("mu", result.Draws("mu"));
            figures["theta_new"] = NutsCaseReading.Summary("theta_new", PredictiveDraws(result, model, randomEffects["df"] is JsonValue v ? v.GetValue<double>() : double.NaN));
        }

        if (model.EstimatesDegreesOfFreedom)
        {
            figures["df"] = NutsCaseReading.Summary("df", result.Draws("df"));
        }

        return figures;
    }

    private static JsonObject RunSpec(ConformanceCase testCase, double degreesOfFreedom)
    {
        var spec = new ModelSpec
        {
            Data = CaseAnalysis.EffectSizes(testCase.Data),
            Model = new Model { RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.StudentT, StudentTDf = degreesOfFreedom } },
            Engine = new Engine { Nuts = CaseAnalysis.Sampler },
            Priors = CaseAnalysis.Priors(testCase.Options, "mu", "tau"),
        };
        var analysis = CaseAnalysis.Validate(spec);
        var result = CaseAnalysis.Fit(analysis);
        var model = StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(analysis.Data.Effects, degreesOfFreedom, analysis.Priors.Mu!, analysis.Priors.Tau!);
        return NutsCaseReading.Summaries(result, analysis, model, "mu", "tau");
    }

    private static double[][] PredictiveDraws(SamplingResult result, StudentTRandomEffectsModel model, double knownDf)
    {
        var mu = result.Draws("mu");
        var tau = result.Draws("tau");
        var df = model.EstimatesDegreesOfFreedom ? result.Draws("df") : null;
        var draws = new double[mu.Length][];
        for (var c = 0; c < mu.Length; c++)
        {
            // A stream of its own per chain, so the predictive draws are as reproducible as the posterior.
            var random = new ChainRandom(NutsCaseReading.Options.Seed + 1, c);
            draws[c] = new double[mu[c].Length];
            for (var d = 0; d < mu[c].Length; d++)
            {
                var nu = df?[c][d] ?? knownDf;
                draws[c][d] = mu[c][d] + (tau[c][d] * random.NextStudentT(nu));
            }
        }

        return draws;
    }
}
