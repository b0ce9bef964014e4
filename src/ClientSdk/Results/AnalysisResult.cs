using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Results;

/// <summary>
/// The outcome of one fit, typed. Parts looked up by name (<see cref="Coefficients"/>,
/// <see cref="Parameters"/>, <see cref="Subgroups"/>, <see cref="BayesFactors"/>) throw a
/// <see cref="KeyNotFoundException"/> naming what there is. A part whose figures are all optional
/// (<see cref="Heterogeneity"/>, <see cref="Fit"/>, <see cref="Diagnostics"/>) is always there, with null
/// figures where the engine reported none; any other part the engine did not fill is null or empty.
/// </summary>
/// <example>
/// <code>
/// var tau2 = result.Heterogeneity.Tau2;
/// var mu = result.Coefficients["intrcpt"].Estimate;
/// var egger = result.PublicationBias?.Egger?.PValue;
/// </code>
/// </example>
public sealed class AnalysisResult
{
    /// <summary>Wraps <paramref name="raw"/>.</summary>
    public AnalysisResult(FitResult raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Raw = raw;
        EffectSizes = raw.EffectSizes is null ? null : new EffectSizeResult(raw.EffectSizes);
        Coefficients = new NamedDictionary<Coefficient>(raw.Coefficients, c => c.Name, "coefficient");
        Parameters = new NamedDictionary<PosteriorSummary>(raw.Parameters.Select(p => new PosteriorSummary(p)), p => p.Name, "parameter");
        Heterogeneity = new HeterogeneityEstimates(raw.Heterogeneity);
        ModeratorTest = TestResult.From(raw.ModeratorTest);
        Subgroups = new NamedDictionary<SubgroupResult>(raw.Subgroups.Select(s => new SubgroupResult(s)), s => s.Level, "subgroup");
        SubgroupTest = TestResult.From(raw.SubgroupTest);
        BayesFactors = new NamedDictionary<BayesFactor>(raw.BayesFactors, b => b.Hypothesis, "Bayes factor hypothesis");
        PublicationBias = raw.PublicationBias is null ? null : new PublicationBiasResult(raw.PublicationBias);
        Fit = new FitStatistics(raw.Fit);
        Diagnostics = new EngineDiagnostics(raw.Diagnostics);
    }

    /// <summary>The contract's message, for what the typed view does not show.</summary>
    public FitResult Raw { get; }

    /// <summary>The engine that produced it: "effect_sizes", "frequentist", "exact_bayes", "nuts".</summary>
    public string Engine => Raw.Engine;

    /// <summary>The model kind fitted ("random_effects", "three_level", ...).</summary>
    public string Model => Raw.Model;

    /// <summary>What was fitted, in one line.</summary>
    public string Description => Raw.Description;

    /// <summary>Number of effects used.</summary>
    public int K => Raw.K;

    /// <summary>What a reader must know about the fit.</summary>
    public IReadOnlyList<string> Warnings => Raw.Warnings;

    /// <summary>The effects of the data set the model left out for a missing value (row, label, the value missing); empty when it used them all.</summary>
    public IReadOnlyList<OmittedEffect> Omitted => Raw.Omitted;

    /// <summary>The computed effect sizes (effect-size jobs, and whenever the spec gave raw columns).</summary>
    public EffectSizeResult? EffectSizes { get; }

    /// <summary>Frequentist coefficients by term ("intrcpt" first).</summary>
    public NamedDictionary<Coefficient> Coefficients { get; }

    /// <summary>Bayesian posterior summaries by parameter ("mu", "beta[dose]", "tau", "tau2", "i2", "mu[level]", ...).</summary>
    public NamedDictionary<PosteriorSummary> Parameters { get; }

    /// <summary>Frequentist heterogeneity.</summary>
    public HeterogeneityEstimates Heterogeneity { get; }

    /// <summary>The omnibus test of the moderators; null without moderators.</summary>
    public TestResult? ModeratorTest { get; }

    /// <summary>The prediction of a new study's effect (intercept-only frequentist models); null when not reported.</summary>
    public PredictionInterval? Prediction => Raw.Prediction;

    /// <summary>Subgroup models: each subgroup's estimate by level.</summary>
    public NamedDictionary<SubgroupResult> Subgroups { get; }

    /// <summary>Subgroup models: the test of subgroup differences.</summary>
    public TestResult? SubgroupTest { get; }

    /// <summary>Exact engine with the marginal likelihood: Bayes factors by hypothesis ("effect", "slopes", "heterogeneity", "sigma_between").</summary>
    public NamedDictionary<BayesFactor> BayesFactors { get; }

    /// <summary>Publication-bias models: the checks that were run.</summary>
    public PublicationBiasResult? PublicationBias { get; }

    /// <summary>Correlation sweeps: one row per model and correlation.</summary>
    public CorrelationSweepResult? CorrelationSweep => Raw.CorrelationSweep;

    /// <summary>Influence models: one row per effect.</summary>
    public IReadOnlyList<InfluenceStatistics> Influence => Raw.Influence;

    /// <summary>Three-level influence models: one row per study (cluster) left out.</summary>
    public IReadOnlyList<ClusterInfluence> ClusterInfluence => Raw.ClusterInfluence;

    /// <summary>Cumulative models: one step per effect added (per study on three-level models).</summary>
    public IReadOnlyList<CumulativeStep> Cumulative => Raw.Cumulative;

    /// <summary>The figures model comparison uses.</summary>
    public FitStatistics Fit { get; }

    /// <summary>How the engine fared.</summary>
    public EngineDiagnostics Diagnostics { get; }

    /// <summary>What the model's figures need, when asked for; null otherwise.</summary>
    public PlotData? PlotData => Raw.PlotData;
}
