using System.Text.Json.Nodes;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>
/// A case in the contract's terms: the tasks build the service's <see cref="ModelSpec"/> from a case and
/// this validates and fits it exactly as the service and the command line do, so the conformance cases
/// check the analysis users run, not a mapping of their own.
/// </summary>
public static class CaseAnalysis
{
    /// <summary>
    /// Settings for reference comparisons: 4 chains of 5,000 kept draws after 1,000 warm-up, a fixed seed
    /// (the figures are reproducible), and a higher target acceptance than the default because the
    /// reference models have funnel-shaped corners where a smaller step size avoids divergences.
    /// </summary>
    public static NutsEngine Sampler => new() { Chains = 4, Warmup = 1000, Draws = 5000, Seed = 20240601, AdaptDelta = 0.9 };

    /// <summary>Validates <paramref name="spec"/> as the service does.</summary>
    /// <exception cref="Core.Validation.InvalidInputException">The spec cannot be fitted; the field names where.</exception>
    public static ValidatedAnalysis Validate(ModelSpec spec) => AnalysisValidator.Validate(spec, "spec");

    /// <summary>Fits a validated analysis with the fitter the service would choose.</summary>
    public static FitResult Fit(ValidatedAnalysis analysis) => FitterCatalog.Default.Fit(analysis, NullFitObserver.Instance, CancellationToken.None);

    /// <summary>Validates and fits <paramref name="spec"/>.</summary>
    public static FitResult Fit(ModelSpec spec) => Fit(Validate(spec));

    /// <summary>The case's <c>yi</c>, <c>vi</c> and every moderator of <c>data.moderators</c>, with the clusters from <paramref name="clusterField"/> when the data has it.</summary>
    public static DataSet EffectSizes(JsonObject data, string clusterField = "cluster")
    {
        ArgumentNullException.ThrowIfNull(data);
        var set = new DataSet { EffectSizes = new EffectSizes { Yi = { CaseReader.Numbers(data, "yi") }, Vi = { CaseReader.Numbers(data, "vi") } } };
        if (data.ContainsKey(clusterField))
        {
            set.Clusters.AddRange(CaseReader.Labels(data, clusterField));
        }

        foreach (var moderator in CaseReader.Moderators(data))
        {
            set.Moderators.Add(moderator switch
            {
                ContinuousModerator m => new ModeratorColumn { Name = m.Name, Continuous = new ContinuousValues { Values = { m.Values } } },
                CategoricalModerator m => new ModeratorColumn { Name = m.Name, Categorical = new CategoricalValues { Values = { m.Values } } },
                _ => throw new FormatException($"data.moderators.{moderator.Name} is neither numeric nor text"),
            });
        }

        return set;
    }

    /// <summary>The names of <c>data.moderators</c>, in the given order.</summary>
    public static string[] ModeratorNames(JsonObject data) => CaseReader.Moderators(data).Select(m => m.Name).ToArray();

    /// <summary>
    /// The frequentist engine of the case's <c>method</c> (REML when absent; FE and CE are metafor's old
    /// names of EE) and <c>test</c> (z when absent; hksj is knha).
    /// </summary>
    public static FrequentistEngine Frequentist(JsonObject options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var method = (CaseReader.Text(options, "method") ?? "REML").ToUpperInvariant() switch
        {
            "FE" or "CE" => "EE",
            var code => code,
        };
        if (!Tau2Estimators.Codes.Contains(method))
        {
            throw new UnsupportedCaseException($"τ² estimator '{method}' is not supported");
        }

        var test = (CaseReader.Text(options, "test") ?? "z").ToLowerInvariant() switch
        {
            "hksj" => "knha",
            var code => code,
        };
        if (test is not ("z" or "t" or "knha"))
        {
            throw new UnsupportedCaseException($"test '{test}' is not supported (z, t or knha)");
        }

        return new FrequentistEngine { Tau2Method = method, Test = test };
    }

    /// <summary>
    /// The priors <paramref name="names"/> of <c>options.priors</c> that the case gives (<c>mu</c> may be
    /// given as <c>intercept</c>), read as plans read theirs.
    /// </summary>
    public static Contracts.V1.Priors Priors(JsonObject options, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(names);
        var given = options["priors"] as JsonObject ?? throw new FormatException("options.priors is required");
        var priors = new Contracts.V1.Priors();
        foreach (var name in names)
        {
            var key = name == "mu" && !given.ContainsKey("mu") ? "intercept" : name;
            if (!given.ContainsKey(key))
            {
                continue;
            }

            switch (name)
            {
                case "mu":
                    priors.Mu = PriorSpecReader.Location(given, key, "priors");
                    break;
                case "slopes":
                    priors.Slopes = PriorSpecReader.Location(given, key, "priors");
                    break;
                case "e0":
                    priors.E0 = PriorSpecReader.Location(given, key, "priors");
                    break;
                case "emax":
                    priors.Emax = PriorSpecReader.Location(given, key, "priors");
                    break;
                case "ed50":
                    priors.Ed50 = PriorSpecReader.Positive(given, key, "priors");
                    break;
                case "tau":
                    priors.Tau = PriorSpecReader.Scale(given, key, "priors");
                    break;
                case "sigma_between":
                    priors.SigmaBetween = PriorSpecReader.Scale(given, key, "priors");
                    break;
                case "sigma_within":
                    priors.SigmaWithin = PriorSpecReader.Scale(given, key, "priors");
                    break;
                default:
                    throw new ArgumentException($"'{name}' is not a prior of the contract", nameof(names));
            }
        }

        return priors;
    }

    /// <summary>The spec of the publication-bias <paramref name="checks"/> on the case's effects, with its τ² <c>method</c> (REML when absent).</summary>
    public static ModelSpec PublicationBias(ConformanceCase testCase, PublicationBiasSpec checks)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return new ModelSpec
        {
            Data = EffectSizes(testCase.Data),
            Model = new Model { PublicationBias = checks },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = CaseReader.Text(testCase.Options, "method") ?? "REML" } },
        };
    }
}
