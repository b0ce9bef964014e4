using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// Builds what is done with a data set: the model, the engine, the priors and what to report. One analysis
/// becomes a spec with <see cref="Build"/>, or a model of a batch with <see cref="BatchBuilder.Add"/>.
/// </summary>
public sealed class AnalysisBuilder
{
    private readonly Model model = new();
    private readonly Engine engine = new();
    private Priors? priors;
    private string robust = string.Empty;
    private Reporting? report;

    /// <summary>Computes effect sizes only.</summary>
    public AnalysisBuilder EffectSizesOnly() => Set(m => m.EffectSizes = new EffectSizeSpec());

    /// <summary>Random-effects model with normal random effects.</summary>
    public AnalysisBuilder RandomEffects() => Set(m => m.RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.Normal });

    /// <summary>Random-effects model with Student-t random effects (NUTS).</summary>
    public AnalysisBuilder StudentTRandomEffects(double degreesOfFreedom) =>
        Set(m => m.RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.StudentT, StudentTDf = degreesOfFreedom });

    /// <summary>Meta-regression on the named moderators of the data set.</summary>
    public AnalysisBuilder MetaRegression(params string[] moderators) => Set(m =>
    {
        m.MetaRegression = new MetaRegressionSpec();
        m.MetaRegression.Moderators.AddRange(moderators);
    });

    /// <summary>Three-level model (effects nested in the data set's clusters), optionally with moderators.</summary>
    public AnalysisBuilder ThreeLevel(params string[] moderators) => Set(m =>
    {
        m.ThreeLevel = new ThreeLevelSpec();
        m.ThreeLevel.Moderators.AddRange(moderators);
    });

    /// <summary>Three-level model with CR2 cluster-robust standard errors (on the frequentist engine).</summary>
    public AnalysisBuilder Robust(params string[] moderators)
    {
        ThreeLevel(moderators);
        robust = "CR2";
        if (engine.Frequentist is { } frequentist)
        {
            frequentist.Robust = robust;
        }

        return this;
    }

    /// <summary>Linear dose-response on the data set's doses.</summary>
    public AnalysisBuilder LinearDoseResponse() => Set(m => m.DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Linear });

    /// <summary>Restricted cubic spline dose-response with the given knots.</summary>
    public AnalysisBuilder SplineDoseResponse(params double[] knots) => Set(m =>
    {
        m.DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Spline };
        m.DoseResponse.Knots.AddRange(knots);
    });

    /// <summary>Logarithmic dose-response, b0 + b1 log(dose + offset); the offset makes a dose of 0 usable.</summary>
    public AnalysisBuilder LogarithmicDoseResponse(double offset = 0) =>
        Set(m => m.DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Logarithmic, LogOffset = offset });

    /// <summary>Quadratic dose-response, b0 + b1 dose + b2 dose².</summary>
    public AnalysisBuilder QuadraticDoseResponse() => Set(m => m.DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Quadratic });

    /// <summary>Subgroups given by a categorical moderator of the data set.</summary>
    public AnalysisBuilder Subgroups(string moderator) => Set(m => m.Subgroups = new SubgroupSpec { Moderator = moderator });

    /// <summary>Emax dose-response curve (NUTS).</summary>
    public AnalysisBuilder EmaxDoseResponse() => Set(m => m.DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Emax });

    /// <summary>Binomial-normal model of 2x2 tables (NUTS).</summary>
    public AnalysisBuilder BinomialNormal() => Set(m => m.BinomialNormal = new BinomialNormalSpec());

    /// <summary>Publication-bias diagnostics (frequentist).</summary>
    /// <param name="egger">Egger's regression test.</param>
    /// <param name="begg">Begg's rank correlation test.</param>
    /// <param name="trimAndFill">Duval and Tweedie's trim-and-fill (L0, random effects).</param>
    /// <param name="failSafeN">Rosenthal's fail-safe N.</param>
    /// <param name="eggerModel">"rma" (metafor's default: mixed-effects meta-regression on the standard error) or "lm" (classical).</param>
    public AnalysisBuilder PublicationBias(bool egger = true, bool begg = true, bool trimAndFill = false, bool failSafeN = false, string eggerModel = "rma") =>
        Set(m => m.PublicationBias = new PublicationBiasSpec { Egger = egger, Begg = begg, TrimAndFill = trimAndFill, FailSafeN = failSafeN, EggerModel = eggerModel });

    /// <summary>The frequentist engine with a τ² estimator (EE, DL, HE, HS, SJ, ML, REML, EB, PM) and test (z or knha).</summary>
    public AnalysisBuilder Frequentist(string tau2Method = "REML", string test = "z")
    {
        engine.Frequentist = new FrequentistEngine { Tau2Method = tau2Method, Test = test, Robust = robust };
        return this;
    }

    /// <summary>The exact Bayesian engine (0 = the engine's default integration tolerance).</summary>
    public AnalysisBuilder ExactBayes(double integrationTolerance = 0)
    {
        engine.ExactBayes = new ExactBayesEngine { IntegrationTolerance = integrationTolerance };
        return this;
    }

    /// <summary>The No-U-Turn sampler; 0 for a setting means the engine's default.</summary>
    public AnalysisBuilder Nuts(ulong seed, uint chains = 0, uint warmup = 0, uint draws = 0, double adaptDelta = 0, uint maxTreeDepth = 0)
    {
        engine.Nuts = new NutsEngine { Seed = seed, Chains = chains, Warmup = warmup, Draws = draws, AdaptDelta = adaptDelta, MaxTreeDepth = maxTreeDepth };
        return this;
    }

    /// <summary>Normal prior on the overall effect μ (or the intercept).</summary>
    public AnalysisBuilder MuPrior(double mean, double sd) => Prior(p => p.Mu = new NormalPriorSpec { Mean = mean, Sd = sd });

    /// <summary>Normal prior on every slope.</summary>
    public AnalysisBuilder SlopesPrior(double mean, double sd) => Prior(p => p.Slopes = new NormalPriorSpec { Mean = mean, Sd = sd });

    /// <summary>Prior on the between-study standard deviation τ (see <see cref="ScalePriors"/>).</summary>
    public AnalysisBuilder TauPrior(ScalePriorSpec prior) => Prior(p => p.Tau = prior);

    /// <summary>Prior on the between-cluster standard deviation of a three-level model.</summary>
    public AnalysisBuilder SigmaBetweenPrior(ScalePriorSpec prior) => Prior(p => p.SigmaBetween = prior);

    /// <summary>Prior on the within-cluster standard deviation of a three-level model.</summary>
    public AnalysisBuilder SigmaWithinPrior(ScalePriorSpec prior) => Prior(p => p.SigmaWithin = prior);

    /// <summary>Priors of an Emax curve: E0 and Emax normal, ED50 log-normal.</summary>
    public AnalysisBuilder EmaxPriors(NormalPriorSpec e0, NormalPriorSpec emax, PositivePriorSpec ed50) => Prior(p =>
    {
        p.E0 = e0;
        p.Emax = emax;
        p.Ed50 = ed50;
    });

    /// <summary>The confidence or credible level (default 0.95).</summary>
    public AnalysisBuilder Level(double level) => Report(r => r.Level = level);

    /// <summary>Also report the predictive distribution of a new study's effect.</summary>
    public AnalysisBuilder Predictive() => Report(r => r.Predictive = true);

    /// <summary>Also report PSIS-LOO (NUTS).</summary>
    public AnalysisBuilder Loo() => Report(r => r.Loo = true);

    /// <summary>Also report the log marginal likelihood (exact engine).</summary>
    public AnalysisBuilder MarginalLikelihood() => Report(r => r.MarginalLikelihood = true);

    /// <summary>Also report highest posterior density intervals.</summary>
    public AnalysisBuilder Hpd() => Report(r => r.Hpd = true);

    /// <summary>The spec of this analysis on <paramref name="data"/>.</summary>
    public ModelSpec Build(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ModelSpec
        {
            Data = data,
            Model = model.Clone(),
            Engine = engine.KindCase == Engine.KindOneofCase.None ? null : engine.Clone(),
            Priors = priors?.Clone(),
            Report = report?.Clone(),
        };
    }

    /// <summary>This analysis as a named model of a batch.</summary>
    internal NamedModel ToBatchModel(string name) => new()
    {
        Name = name,
        Model = model.Clone(),
        Engine = engine.KindCase == Engine.KindOneofCase.None ? null : engine.Clone(),
        Priors = priors?.Clone(),
        Report = report?.Clone(),
    };

    private AnalysisBuilder Set(Action<Model> choose)
    {
        choose(model);
        return this;
    }

    private AnalysisBuilder Prior(Action<Priors> set)
    {
        set(priors ??= new Priors());
        return this;
    }

    private AnalysisBuilder Report(Action<Reporting> set)
    {
        set(report ??= new Reporting());
        return this;
    }
}
