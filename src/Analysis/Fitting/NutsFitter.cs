using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// NUTS fits: the models without conjugate structure (Student-t random effects, binomial-normal 2x2
/// tables, the Emax curve) and, in non-centred form, any Gaussian model the spec sends to the sampler.
/// </summary>
/// <remarks>
/// <para>The run is deterministic given the spec: every chain's random stream derives from (seed, chain),
/// whatever the scheduling. While it runs, the observer receives the fraction done, the divergences so far
/// and posterior summaries of the kept draws every <c>partial_summary_every</c> draws per chain (default
/// 100; in long runs no more often than each tenth of growth in the draws); cancellation stops every
/// chain.</para>
/// <para>Subgroups are a meta-regression on the subgroups with a common τ; each subgroup's mean
/// <c>mu[level]</c> is summarized from the coefficients' draws.</para>
/// <para>Parameters carry MCSE of the mean, bulk and tail ESS and rank-normalized split R-hat; the
/// diagnostics the worst of them, divergences, tree-depth saturations and E-BFMI per chain, and the
/// diagnostic report's warnings become the result's warnings. <c>theta_new</c>, a new study's true effect,
/// is the mixture over draws of its normal distribution given the draw (exact given the draws, no extra
/// randomness). With <c>report.loo</c>: PSIS-LOO's ELPD and its standard error, and <c>p_loo</c>.</para>
/// </remarks>
public sealed class NutsFitter : IFitter
{
    /// <summary>Posterior draws per chain between partial summaries when the spec leaves it at 0.</summary>
    public const int DefaultPartialSummaryEvery = 100;

    /// <inheritdoc />
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Engine == EngineKind.Nuts;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var sampled = SampledModel.For(request);
        var options = Options(spec.Engine.Nuts);
        var every = spec.Engine.Nuts.PartialSummaryEvery > 0 ? (int)spec.Engine.Nuts.PartialSummaryEvery : DefaultPartialSummaryEvery;
        var progress = new SamplingObserver(observer, sampled.Model.OutputNames, sampled.Quantities, options.Chains, every, request.Level);
        var sampling = Sampler.Run(sampled.Model, options with { ProgressInterval = every }, progress, progress, cancellationToken);
        var report = DiagnosticReport.Create(sampling, sampled.Quantities);

        var result = FitResults.Start(request, "nuts");
        var hpd = spec.Report?.Hpd == true;
        foreach (var name in sampled.Quantities)
        {
            result.Parameters.Add(Summary(sampling.PooledDraws(name), report[name], request.Level, hpd));
        }

        foreach (var (name, row) in SubgroupRows.Of(request))
        {
            // A subgroup's mean is a linear combination of the coefficients, draw by draw.
            var coefficients = request.Design.ColumnNames.Select(column => sampling.Draws($"beta[{column}]")).ToArray();
            var chains = Enumerable.Range(0, options.Chains)
                .Select(c => Enumerable.Range(0, sampling.DrawsPerChain).Select(d => row.Select((x, j) => x * coefficients[j][c][d]).Sum()).ToArray())
                .ToArray();
            result.Parameters.Add(Summary(chains.SelectMany(c => c).ToArray(), Core.Bayesian.Diagnostics.ParameterSummary.Compute(name, chains), request.Level, hpd));
        }

        if (spec.Report?.Predictive == true)
        {
            AddPredictive(sampled, sampling, request.Level, hpd, result);
        }

        result.Fit = new ModelFit { Parameters = sampled.Quantities.Length };
        if (spec.Report?.Loo == true)
        {
            var loo = LeaveOneOut.Compute(sampling);
            result.Fit.ElpdLoo = loo.Elpd;
            result.Fit.ElpdLooSe = loo.ElpdSe;
            result.Add("p_loo", loo.EffectiveParameters);
            result.Warnings.AddRange(loo.Warnings);
        }

        if (spec.Report?.MarginalLikelihood == true)
        {
            result.Warnings.Add("the marginal likelihood is reported by the exact_bayes engine; the nuts engine reports PSIS-LOO for model comparison");
        }

        result.Diagnostics = new Diagnostics
        {
            MaxRhat = report.Parameters.Max(p => p.Rhat),
            MinEssBulk = report.Parameters.Min(p => p.EssBulk),
            MinEssTail = report.Parameters.Min(p => p.EssTail),
            Divergences = report.Divergences,
            TreeDepthSaturations = report.SaturatedTreeDepth,
        };
        result.Diagnostics.EBfmi.AddRange(report.Ebfmi);
        result.Diagnostics.Notes.Add(SamplingObserver.Describe(options));
        if (spec.Report?.Loo == true)
        {
            result.Diagnostics.Notes.Add($"PSIS-LOO leaves out {sampled.LooUnit} at a time");
        }

        result.Warnings.AddRange(report.Warnings);
        if (request.Model == Model.KindOneofCase.BinomialNormal && spec.Data.Raw.Measure != "OR")
        {
            result.Warnings.Add($"mu and tau are on the log odds ratio scale, whatever the data's measure ({spec.Data.Raw.Measure}): the model is of the 2x2 tables themselves");
        }

        return result;
    }

    private static Contracts.V1.ParameterSummary Summary(double[] pooled, Core.Bayesian.Diagnostics.ParameterSummary diagnostics, double level, bool hpd)
    {
        var summary = DrawSummaries.Summarize(diagnostics.Name, pooled, level, hpd);
        summary.McseMean = diagnostics.McseMean;
        summary.EssBulk = diagnostics.EssBulk;
        summary.EssTail = diagnostics.EssTail;
        summary.Rhat = diagnostics.Rhat;
        return summary;
    }

    private static SamplerOptions Options(NutsEngine nuts)
    {
        var defaults = new SamplerOptions();
        return defaults with
        {
            Chains = nuts.Chains > 0 ? (int)nuts.Chains : defaults.Chains,
            WarmupIterations = nuts.Warmup > 0 ? (int)nuts.Warmup : defaults.WarmupIterations,
            SamplingIterations = nuts.Draws > 0 ? (int)nuts.Draws : defaults.SamplingIterations,
            Seed = nuts.Seed,
            TargetAcceptance = nuts.AdaptDelta > 0 ? nuts.AdaptDelta : defaults.TargetAcceptance,
            MaxTreeDepth = nuts.MaxTreeDepth > 0 ? (int)nuts.MaxTreeDepth : defaults.MaxTreeDepth,
        };
    }

    private static void AddPredictive(SampledModel sampled, SamplingResult sampling, double level, bool hpd, FitResult result)
    {
        if (sampled.PredictiveLocation is not { } location)
        {
            result.Warnings.Add("the predictive distribution of a new study is reported for normal random effects without moderators only");
            return;
        }

        var means = sampling.PooledDraws(location);
        var scales = sampled.PredictiveScales.Select(sampling.PooledDraws).ToArray();
        var sds = Enumerable.Range(0, means.Length).Select(s => Math.Sqrt(scales.Sum(draws => draws[s] * draws[s]))).ToArray();
        var mixture = new NormalMixture(Enumerable.Repeat(1.0, means.Length).ToArray(), means, sds);
        result.Parameters.Add(FitResults.Summary("theta_new", mixture, level, hpd));
    }
}
