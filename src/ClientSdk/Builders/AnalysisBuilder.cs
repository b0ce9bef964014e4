using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// Builds what is done with a data set: the model, the engine, the priors and what to report. One analysis
/// becomes a spec with <see cref="Build"/>, or a model of a batch with <see cref="BatchBuilder.Add"/>.
/// </summary>
/// <remarks>
/// Choosing a model kind or an engine replaces the previous choice. Arguments outside their domain are
/// refused with <see cref="ArgumentOutOfRangeException"/> at once; whether the spec fits its data (columns
/// present, moderators known, engine able to fit the model) is decided by the server, which names the field
/// at fault (see <see cref="SpecRejectedException"/>).
/// </remarks>
public sealed class AnalysisBuilder
{
    private readonly Model model = new();
    private Engine? engine;
    private Priors? priors;
    private Reporting? report;

    /// <summary>Computes effect sizes only; no model is fitted.</summary>
    public AnalysisBuilder EffectSizesOnly() => Set(m => m.EffectSizes = new EffectSizeSpec());

    /// <summary>Random-effects model with normal random effects.</summary>
    public AnalysisBuilder RandomEffects() =>
        Set(m => m.RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.Normal });

    /// <summary>Random-effects model with Student-t random effects (NUTS only).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degreesOfFreedom"/> is not above 0.</exception>
    public AnalysisBuilder StudentTRandomEffects(double degreesOfFreedom)
    {
        var df = Arguments.Positive(degreesOfFreedom, nameof(degreesOfFreedom));
        return Set(m => m.RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.StudentT, StudentTDf = df });
    }

    /// <summary>
    /// The Bayesian step-function selection model (NUTS only): random effects whose studies are published with
    /// relative probabilities that fall with each interval of one-sided p-values cut at <paramref name="steps"/>
    /// (1 is added when missing), under RoBMA's cumulative Dirichlet prior on the weights.
    /// </summary>
    /// <exception cref="ArgumentException">No cut point, or cut points that do not increase inside (0, 1].</exception>
    public AnalysisBuilder StepSelection(params double[] steps)
    {
        var selection = SelectionModels.StepFunction(steps);
        return Set(m => m.RandomEffects = new RandomEffectsSpec { Distribution = RandomEffectsDistribution.Normal, Selection = selection });
    }

    /// <summary>Mixed-effects meta-regression on the named moderators of the data set, with an intercept.</summary>
    public AnalysisBuilder MetaRegression(params string[] moderators) => MetaRegression(moderators, intercept: true);

    /// <summary>Mixed-effects meta-regression on the named moderators, with or without an intercept.</summary>
    public AnalysisBuilder MetaRegression(IEnumerable<string> moderators, bool intercept)
    {
        var spec = new MetaRegressionSpec { NoIntercept = !intercept };
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.MetaRegression = spec);
    }

    /// <summary>Three-level model (effects nested in the data set's clusters), optionally with moderators.</summary>
    public AnalysisBuilder ThreeLevel(params string[] moderators)
    {
        var spec = new ThreeLevelSpec();
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.ThreeLevel = spec);
    }

    /// <summary>
    /// Three-level model whose sampling errors are correlated within clusters by one working correlation
    /// <paramref name="rho"/> (V_ij = ρ √(vi vj), metafor's <c>vcalc</c>); with CR2 robust inference on the
    /// frequentist engine, the correlated and hierarchical effects (CHE) model.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> is outside [-1, 1]. Whether it keeps V positive definite for the data's clusters the validator decides, naming the field.</exception>
    public AnalysisBuilder ThreeLevel(double rho, params string[] moderators)
    {
        var spec = new ThreeLevelSpec { SamplingCorrelation = Arguments.Correlation(rho, nameof(rho)) };
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.ThreeLevel = spec);
    }

    /// <summary>
    /// Makes the random-effects model or meta-regression chosen before a location-scale model: log τ²ᵢ = zᵢ'α on
    /// <paramref name="moderators"/> (scale intercept implied), as metafor's <c>rma(yi, vi, scale = ~ ...)</c>;
    /// frequentist, by REML or ML with z tests.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model chosen is not random effects or a meta-regression.</exception>
    public AnalysisBuilder ScaleModerators(params string[] moderators)
    {
        var names = Names(moderators, nameof(moderators));
        var list = model.KindCase switch
        {
            Model.KindOneofCase.RandomEffects => model.RandomEffects.ScaleModerators,
            Model.KindOneofCase.MetaRegression => model.MetaRegression.ScaleModerators,
            _ => throw new InvalidOperationException("scale moderators apply to a random-effects model or a meta-regression: choose RandomEffects() or MetaRegression(...) first"),
        };
        list.Clear();
        list.AddRange(names);
        return this;
    }

    /// <summary>A dose-response curve on the data set's doses.</summary>
    /// <param name="curve">The curve's shape (see <see cref="DoseCurve"/>).</param>
    /// <param name="scale">Every dose is divided by this before fitting (e.g. 10000: coefficients per 10,000 units).</param>
    /// <param name="structure">Random effects per effect, or effects nested in the data's clusters.</param>
    /// <param name="moderators">Moderators adjusted for besides the dose (curves linear in their coefficients only).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not above 0, or <paramref name="structure"/> is not a structure.</exception>
    public AnalysisBuilder DoseResponse(DoseCurve curve, double scale = 1, Structure structure = Structure.RandomEffects, params string[] moderators)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var spec = new DoseResponseSpec
        {
            Curve = curve.Curve,
            Scale = Arguments.Positive(scale, nameof(scale)),
            KnotCount = curve.KnotCount,
            LogOffset = curve.LogOffset,
            Structure = Defined(structure, nameof(structure)),
        };
        spec.Knots.AddRange(curve.Knots);
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.DoseResponse = spec);
    }

    /// <summary>A dose-response model's dose unit for labels ("pulses": coefficients per 10,000 pulses, ED50 in pulses).</summary>
    /// <exception cref="InvalidOperationException">The model is not a dose-response model.</exception>
    public AnalysisBuilder DoseUnit(string unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        (model.DoseResponse ?? throw new InvalidOperationException("a dose unit applies to a dose-response model; call DoseResponse first")).Unit = unit;
        return this;
    }

    /// <summary>
    /// Binomial-normal model of 2x2 tables (needs raw ai, bi, ci, di): Bayesian on <see cref="Nuts"/>, or on
    /// <see cref="Frequentist"/> by maximum likelihood as metafor's <c>rma.glmm(measure = "OR", model = "UM.FS")</c>
    /// (measure OR; <c>Frequentist(Tau2Method.MaximumLikelihood)</c>).
    /// </summary>
    public AnalysisBuilder BinomialNormal() => Set(m => m.BinomialNormal = new BinomialNormalSpec());

    /// <summary>Subgroups given by a categorical moderator of the data set, with the test of subgroup differences.</summary>
    /// <param name="moderator">The categorical moderator.</param>
    /// <param name="tau2">
    /// <see cref="SubgroupTau2.Separate"/>: a model and τ² per subgroup (frequentist only);
    /// <see cref="SubgroupTau2.Common"/>: one meta-regression with a common τ²;
    /// <see cref="SubgroupTau2.Unspecified"/>: separate on the frequentist engine, common on the Bayesian ones.
    /// </param>
    /// <param name="structure">Common τ² only: random effects, or three levels on the data's clusters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An enum argument is outside its enum.</exception>
    public AnalysisBuilder Subgroups(string moderator, SubgroupTau2 tau2 = SubgroupTau2.Unspecified, Structure structure = Structure.RandomEffects)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moderator);
        var spec = new SubgroupSpec { Moderator = moderator, Tau2 = Defined(tau2, nameof(tau2)), Structure = Defined(structure, nameof(structure)) };
        return Set(m => m.Subgroups = spec);
    }

    /// <summary>Small-study and publication-bias diagnostics on all effects; by default every check, as a plan file runs them.</summary>
    /// <param name="egger">Egger's regression test.</param>
    /// <param name="begg">Begg's rank correlation test.</param>
    /// <param name="trimAndFill">Duval and Tweedie's trim-and-fill (L0).</param>
    /// <param name="failSafeN">Rosenthal's and Orwin's fail-safe N.</param>
    /// <param name="eggerRegression">The regression of Egger's test.</param>
    /// <param name="petPeese">PET, PEESE and the conditional PET-PEESE estimate (selection presumed to favour positive effects unless <paramref name="petPeeseLessIsSelected"/>).</param>
    /// <param name="selectionModels">Selection models fitted by ML (<see cref="SelectionModels"/>).</param>
    /// <param name="petPeeseLessIsSelected">Whether PET-PEESE presumes selection favours negative effects.</param>
    public AnalysisBuilder PublicationBias(
        bool egger = true,
        bool begg = true,
        bool trimAndFill = true,
        bool failSafeN = true,
        EggerRegression eggerRegression = EggerRegression.MixedEffects,
        bool petPeese = false,
        IEnumerable<SelectionModelSpec>? selectionModels = null,
        bool petPeeseLessIsSelected = false)
    {
        var spec = new PublicationBiasSpec
        {
            Egger = egger,
            Begg = begg,
            TrimAndFill = trimAndFill,
            FailSafeN = failSafeN,
            EggerModel = ContractCodes.Of(eggerRegression),
            PetPeese = petPeese,
            PetPeeseDirection = petPeeseLessIsSelected ? "less" : string.Empty,
        };
        spec.SelectionModels.AddRange((selectionModels ?? []).Select(m => (m ?? throw new ArgumentException("a selection model is null", nameof(selectionModels))).Clone()));
        return Set(m => m.PublicationBias = spec);
    }

    /// <summary>
    /// Refits every one of <paramref name="models"/> with the effect sizes recomputed at each of
    /// <paramref name="correlations"/> (the pre/post correlation imputed where none was reported). Needs raw
    /// columns of a pre/post measure; the sweep itself has no engine.
    /// </summary>
    /// <exception cref="ArgumentException">No correlation, no model, or two models with the same name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A correlation outside [-1, 1].</exception>
    public AnalysisBuilder CorrelationSweep(IEnumerable<double> correlations, params NamedAnalysis[] models)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        ArgumentNullException.ThrowIfNull(models);
        var spec = new CorrelationSweepSpec();
        spec.Correlations.AddRange(correlations.Select((r, i) => Arguments.Correlation(r, $"{nameof(correlations)}[{i}]")));
        if (spec.Correlations.Count == 0 || models.Length == 0)
        {
            throw new ArgumentException("a correlation sweep needs at least one correlation and one model");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var named in models)
        {
            ArgumentNullException.ThrowIfNull(named);
            spec.Models.Add(named.ToNamedModel(names));
        }

        return Set(m => m.CorrelationSweep = spec);
    }

    /// <summary>
    /// Refits every one of <paramref name="models"/> — three-level models — with each of
    /// <paramref name="correlations"/> as the working correlation of the sampling errors within clusters
    /// (the sensitivity of a CHE model to its assumed ρ). The effect sizes stay as they are; the sweep
    /// itself has no engine.
    /// </summary>
    /// <exception cref="ArgumentException">No correlation, no model, or two models with the same name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A correlation outside [-1, 1].</exception>
    public AnalysisBuilder SamplingCorrelationSweep(IEnumerable<double> correlations, params NamedAnalysis[] models)
    {
        CorrelationSweep(correlations, models);
        return Set(m => m.CorrelationSweep.Target = CorrelationSweepTarget.SamplingErrors);
    }

    /// <summary>Leave-one-out and case diagnostics of a frequentist random-effects model or meta-regression on <paramref name="moderators"/>.</summary>
    public AnalysisBuilder Influence(params string[] moderators)
    {
        var spec = new InfluenceSpec();
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.Influence = spec);
    }

    /// <summary>
    /// Case diagnostics of a frequentist three-level model on <paramref name="moderators"/> (effects nested in the
    /// data's clusters), as metafor's <c>rma.mv</c> diagnostics with the variance components re-estimated: each
    /// study left out (estimate and variance components without it, Cook's distance, DFBETAS, the chi-square of
    /// its deleted residuals) and each effect left out (studentized deleted residual, Cook's distance, hat value, weight).
    /// </summary>
    public AnalysisBuilder ThreeLevelInfluence(params string[] moderators)
    {
        var spec = new InfluenceSpec { Structure = Structure.ThreeLevel };
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.Influence = spec);
    }

    /// <summary>As <see cref="ThreeLevelInfluence(string[])"/>, the sampling errors of one cluster correlated by the working correlation <paramref name="rho"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> outside [-1, 1].</exception>
    public AnalysisBuilder ThreeLevelInfluence(double rho, params string[] moderators)
    {
        var spec = new InfluenceSpec { Structure = Structure.ThreeLevel, SamplingCorrelation = Arguments.Correlation(rho, nameof(rho)) };
        spec.Moderators.AddRange(Names(moderators, nameof(moderators)));
        return Set(m => m.Influence = spec);
    }

    /// <summary>
    /// Robust Bayesian model averaging (RoBMA-PSMA): models with and without an effect, heterogeneity and each
    /// publication-bias adjustment, with RoBMA's default priors, averaged by their posterior probabilities;
    /// on the exact engine (set by this call). The result holds every member, the inclusion Bayes factors and
    /// the averaged μ and heterogeneity.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="bias"/> includes nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum argument is outside its enum.</exception>
    public AnalysisBuilder RobustAveraging(
        EnsembleComponent effect = EnsembleComponent.Both,
        EnsembleComponent heterogeneity = EnsembleComponent.Both,
        EnsembleBiasAdjustments bias = EnsembleBiasAdjustments.All,
        Structure structure = Structure.RandomEffects)
    {
        if ((bias & EnsembleBiasAdjustments.All) == 0 || (bias & ~EnsembleBiasAdjustments.All) != 0)
        {
            throw new ArgumentException("include at least one of the defined adjustments", nameof(bias));
        }

        var spec = new RobustAveragingSpec
        {
            Effect = Hypotheses(effect, nameof(effect)),
            Heterogeneity = Hypotheses(heterogeneity, nameof(heterogeneity)),
            Structure = Defined(structure, nameof(structure)),
        };
        if (bias != EnsembleBiasAdjustments.All)
        {
            spec.Bias.AddRange(new[] { (EnsembleBiasAdjustments.NoAdjustment, "none"), (EnsembleBiasAdjustments.WeightFunctions, "weight_functions"), (EnsembleBiasAdjustments.Pet, "pet"), (EnsembleBiasAdjustments.Peese, "peese") }
                .Where(b => bias.HasFlag(b.Item1))
                .Select(b => b.Item2));
        }

        ExactBayes();
        return Set(m => m.RobustAveraging = spec);
    }

    /// <summary>Cumulative meta-analysis: the pooled estimate as effects are added in data order.</summary>
    public AnalysisBuilder Cumulative() => Set(m => m.Cumulative = new CumulativeSpec());

    /// <summary>Cumulative three-level meta-analysis: the pooled estimate as whole studies (clusters) are added in data order.</summary>
    public AnalysisBuilder ThreeLevelCumulative() => Set(m => m.Cumulative = new CumulativeSpec { Structure = Structure.ThreeLevel });

    /// <summary>As <see cref="ThreeLevelCumulative()"/>, the sampling errors of one cluster correlated by the working correlation <paramref name="rho"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> outside [-1, 1].</exception>
    public AnalysisBuilder ThreeLevelCumulative(double rho) =>
        Set(m => m.Cumulative = new CumulativeSpec { Structure = Structure.ThreeLevel, SamplingCorrelation = Arguments.Correlation(rho, nameof(rho)) });

    /// <summary>The level of the categorical <paramref name="moderator"/> absorbed into the intercept, for this model only.</summary>
    public AnalysisBuilder ReferenceLevel(string moderator, string level)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moderator);
        ArgumentException.ThrowIfNullOrWhiteSpace(level);
        model.ReferenceLevels[moderator] = level;
        return this;
    }

    /// <summary>The frequentist engine.</summary>
    /// <param name="method">The τ² estimator (ML or REML on three levels).</param>
    /// <param name="test">The test of the coefficients.</param>
    /// <param name="robust">Cluster-robust inference on the data's clusters for a three-level structure; null = model-based.</param>
    /// <exception cref="ArgumentOutOfRangeException">An enum argument is outside its enum.</exception>
    public AnalysisBuilder Frequentist(Tau2Method method = Tau2Method.Reml, CoefficientTest test = CoefficientTest.Z, RobustEstimator? robust = null)
    {
        engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = ContractCodes.Of(method), Test = ContractCodes.Of(test), Robust = ContractCodes.Of(robust) } };
        return this;
    }

    /// <summary>
    /// Adds a permutation test to the frequentist engine chosen before (metafor's <c>permutest</c>): exact when
    /// every distinct arrangement numbers at most <paramref name="iterations"/>, else that many random ones
    /// drawn with <paramref name="seed"/>; the p-values come beside the model's own.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine chosen is not the frequentist one.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below 2.</exception>
    public AnalysisBuilder Permutation(int iterations = 1000, ulong seed = 0)
    {
        if (engine?.Frequentist is not { } frequentist)
        {
            throw new InvalidOperationException("a permutation test is an option of the frequentist engine: call Frequentist(...) first");
        }

        if (iterations < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "a permutation test needs at least 2 arrangements");
        }

        frequentist.Permutation = new PermutationSpec { Iterations = (uint)iterations, Seed = seed };
        return this;
    }

    /// <summary>The exact Bayesian engine (numerical integration).</summary>
    /// <param name="integrationTolerance">Target absolute error of the integration; null = the engine's default (about 1e-8).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="integrationTolerance"/> is not above 0.</exception>
    public AnalysisBuilder ExactBayes(double? integrationTolerance = null)
    {
        var tolerance = integrationTolerance is { } t ? Arguments.Positive(t, nameof(integrationTolerance)) : 0;
        engine = new Engine { ExactBayes = new ExactBayesEngine { IntegrationTolerance = tolerance } };
        return this;
    }

    /// <summary>The No-U-Turn sampler. The defaults are the engine's; every setting is sent explicitly.</summary>
    /// <param name="seed">Makes the run reproducible: the same spec and seed give the same draws.</param>
    /// <param name="chains">Number of chains, at least 1.</param>
    /// <param name="warmup">Warm-up (adaptation) iterations per chain, at least 1.</param>
    /// <param name="draws">Post-warm-up draws per chain, at least 1.</param>
    /// <param name="adaptDelta">Target acceptance rate of the step-size adaptation, strictly between 0 and 1.</param>
    /// <param name="maxTreeDepth">Largest tree depth, at least 1.</param>
    /// <param name="partialSummaryEvery">Report partial posterior summaries every this many draws per chain; null = the engine's default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public AnalysisBuilder Nuts(ulong seed, int chains = 4, int warmup = 1000, int draws = 1000, double adaptDelta = 0.8, int maxTreeDepth = 10, int? partialSummaryEvery = null)
    {
        engine = new Engine
        {
            Nuts = new NutsEngine
            {
                Seed = seed,
                Chains = Arguments.AtLeast(chains, 1, nameof(chains)),
                Warmup = Arguments.AtLeast(warmup, 1, nameof(warmup)),
                Draws = Arguments.AtLeast(draws, 1, nameof(draws)),
                AdaptDelta = Arguments.OpenUnitInterval(adaptDelta, nameof(adaptDelta)),
                MaxTreeDepth = Arguments.AtLeast(maxTreeDepth, 1, nameof(maxTreeDepth)),
                PartialSummaryEvery = partialSummaryEvery is { } every ? Arguments.AtLeast(every, 1, nameof(partialSummaryEvery)) : 0,
            },
        };
        return this;
    }

    /// <summary>Normal prior on the overall effect μ (or the intercept).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite or <paramref name="sd"/> is not above 0.</exception>
    public AnalysisBuilder MuPrior(double mean, double sd)
    {
        var prior = Normal(mean, sd);
        return Prior(p => p.Mu = prior);
    }

    /// <summary>Normal prior on every slope (for subgroups with a common τ²: on the differences to the reference level).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite or <paramref name="sd"/> is not above 0.</exception>
    public AnalysisBuilder SlopesPrior(double mean, double sd)
    {
        var prior = Normal(mean, sd);
        return Prior(p => p.Slopes = prior);
    }

    /// <summary>
    /// Location-scale models on NUTS: normal priors on the scale intercept α₀ (log τ² of a study whose scale
    /// moderators are all 0) and on every other scale coefficient (per unit of its moderator, on log τ²).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A mean that is not finite or an sd that is not above 0.</exception>
    public AnalysisBuilder ScaleCoefficientPriors(double interceptMean, double interceptSd, double slopesMean, double slopesSd)
    {
        var intercept = Normal(interceptMean, interceptSd);
        var slopes = Normal(slopesMean, slopesSd);
        return Prior(p =>
        {
            p.ScaleIntercept = intercept;
            p.ScaleSlopes = slopes;
        });
    }

    /// <summary>Prior on the between-study standard deviation τ (see <see cref="ScalePriors"/>).</summary>
    public AnalysisBuilder TauPrior(ScalePriorSpec prior) => Prior(p => p.Tau = Required(prior));

    /// <summary>Prior on the between-cluster standard deviation of a three-level model.</summary>
    public AnalysisBuilder SigmaBetweenPrior(ScalePriorSpec prior) => Prior(p => p.SigmaBetween = Required(prior));

    /// <summary>Prior on the within-cluster standard deviation of a three-level model.</summary>
    public AnalysisBuilder SigmaWithinPrior(ScalePriorSpec prior) => Prior(p => p.SigmaWithin = Required(prior));

    /// <summary>Priors of an Emax curve: E0 and Emax normal, ED50 positive (see <see cref="PositivePriors"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A mean is not finite or a standard deviation is not above 0.</exception>
    public AnalysisBuilder EmaxPriors(double e0Mean, double e0Sd, double emaxMean, double emaxSd, PositivePriorSpec ed50)
    {
        var e0 = Normal(e0Mean, e0Sd);
        var emax = Normal(emaxMean, emaxSd);
        var positive = Required(ed50);
        return Prior(p =>
        {
            p.E0 = e0;
            p.Emax = emax;
            p.Ed50 = positive;
        });
    }

    /// <summary>The confidence or credible level (the server's default is 0.95).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    public AnalysisBuilder Level(double level)
    {
        var checkedLevel = Arguments.OpenUnitInterval(level, nameof(level));
        return Report(r => r.Level = checkedLevel);
    }

    /// <summary>Also report the predictive distribution of a new study's effect.</summary>
    public AnalysisBuilder Predictive() => Report(r => r.Predictive = true);

    /// <summary>Also report PSIS-LOO (NUTS).</summary>
    public AnalysisBuilder Loo() => Report(r => r.Loo = true);

    /// <summary>Also report the log marginal likelihood and Bayes factors (exact engine).</summary>
    public AnalysisBuilder MarginalLikelihood() => Report(r => r.MarginalLikelihood = true);

    /// <summary>Also report highest posterior density intervals.</summary>
    public AnalysisBuilder Hpd() => Report(r => r.Hpd = true);

    /// <summary>Also return what the model's figures need (densities, traces, rank histograms, curve bands, weights).</summary>
    public AnalysisBuilder PlotData() => Report(r => r.PlotData = true);

    /// <summary>The spec of this analysis on <paramref name="data"/> (a copy; the builder can go on).</summary>
    public ModelSpec Build(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ModelSpec { Data = data, Model = model.Clone(), Engine = engine?.Clone(), Priors = priors?.Clone(), Report = report?.Clone() };
    }

    /// <summary>This analysis as a named model of a batch or a sweep (a copy).</summary>
    internal NamedModel ToNamedModel(string name) =>
        new() { Name = name, Model = model.Clone(), Engine = engine?.Clone(), Priors = priors?.Clone(), Report = report?.Clone() };

    private static NormalPriorSpec Normal(double mean, double sd) =>
        new() { Mean = Arguments.Finite(mean, nameof(mean)), Sd = Arguments.Positive(sd, nameof(sd)) };

    private static T Required<T>(T prior)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(prior);
        return prior;
    }

    private static string[] Names(IEnumerable<string> names, string parameter)
    {
        ArgumentNullException.ThrowIfNull(names, parameter);
        var list = names.ToArray();
        return list.Any(string.IsNullOrWhiteSpace) ? throw new ArgumentException("a moderator name is empty", parameter) : list;
    }

    private static TEnum Defined<TEnum>(TEnum value, string parameter)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(parameter, value, $"{value} is not a {typeof(TEnum).Name}");

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

    private static string Hypotheses(EnsembleComponent component, string name) => component switch
    {
        EnsembleComponent.Both => "both",
        EnsembleComponent.AbsentOnly => "absent",
        EnsembleComponent.PresentOnly => "present",
        _ => throw new ArgumentOutOfRangeException(name, component, "not a defined value"),
    };
}
