using MathNet.Numerics.Statistics;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Models;
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
/// <para>Parameters carry MCSE of the mean, bulk and tail ESS and rank-normalized split R-hat; the
/// diagnostics the worst of them, divergences, tree-depth saturations and E-BFMI per chain, and the
/// diagnostic report's warnings become the result's warnings. <c>theta_new</c>, a new study's true effect,
/// is the mixture over draws of its normal distribution given the draw (exact given the draws, no extra
/// randomness). With <c>report.loo</c>: PSIS-LOO's ELPD and its standard error, and <c>p_loo</c>.</para>
/// </remarks>
public sealed class NutsFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Engine == EngineKind.Nuts;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.BayesianBias is not { } bias)
        {
            return Sample(analysis, SampledModel.For(analysis), observer, cancellationToken).Result;
        }

        // PET and PEESE are the model on their designs; the conditional rule samples both and keeps one.
        var pet = bias.Pet is { } petDesign ? Sample(analysis, SampledModel.For(analysis, petDesign), bias.Peese is null ? observer : new PartObserver(observer, 0, "PET: "), cancellationToken) : default;
        var peese = bias.Peese is { } peeseDesign ? Sample(analysis, SampledModel.For(analysis, peeseDesign), bias.Pet is null ? observer : new PartObserver(observer, 0.5, "PEESE: "), cancellationToken) : default;
        var usesPeese = pet.Result is null || (peese.Result is not null && BayesianPetPeese.UsesPeese(pet.Intercept!));
        var result = usesPeese ? peese.Result! : pet.Result!;
        var summary = new BayesianPetPeeseResult { Adjustment = bias.Name, Chosen = usesPeese ? "PEESE" : "PET" };
        summary.PetIntercept = pet.Result?.Parameters[0];
        summary.PeeseIntercept = peese.Result?.Parameters[0];
        summary.Estimate = result.Parameters[0];
        result.BayesianPetPeese = summary;
        if (pet.Result is not null && peese.Result is not null)
        {
            result.Description += usesPeese
                ? "; PET-PEESE: PET's 95% credible interval for the intercept excludes 0, so PEESE is reported"
                : "; PET-PEESE: PET's 95% credible interval for the intercept includes 0, so PET is reported";
        }

        return result;
    }

    /// <summary>Samples <paramref name="sampled"/> and builds its result; with its intercept's diagnostics summary.</summary>
    private static (FitResult Result, Core.Bayesian.Diagnostics.ParameterSummary? Intercept) Sample(ValidatedAnalysis analysis, SampledModel sampled, IFitObserver observer, CancellationToken cancellationToken)
    {
        var options = analysis.Sampler!;
        var every = analysis.PartialSummaryEvery;
        var progress = new SamplingObserver(observer, sampled.Model.OutputNames, sampled.Quantities, options.Chains, every, analysis.Level);
        var sampling = Sampler.Run(sampled.Model, options with { ProgressInterval = every }, progress, progress, cancellationToken);
        var report = DiagnosticReport.Create(sampling, sampled.Quantities);

        var result = FitResults.Start(analysis, "nuts", $"Bayesian {sampled.Description}, NUTS");
        var hpd = analysis.Report.Hpd;
        foreach (var name in sampled.Quantities)
        {
            result.Parameters.Add(Summary(sampling.PooledDraws(name), report[name], analysis.Level, hpd));
        }

        if (analysis.Subgroups is { } subgroups)
        {
            AddSubgroupMeans(analysis, subgroups, sampling, hpd, result);
        }

        if (analysis.Report.Predictive)
        {
            AddPredictive(sampled, sampling, analysis.Level, hpd, result);
        }

        result.Fit = new ModelFit { Parameters = sampled.Quantities.Length };
        if (analysis.Report.Loo)
        {
            var loo = LeaveOneOut.Compute(sampling);
            result.Fit.ElpdLoo = loo.Elpd;
            result.Fit.ElpdLooSe = loo.ElpdSe;
            result.Fit.PLoo = loo.EffectiveParameters;
            result.Fit.HighParetoK = loo.ParetoK.Count(k => k > 0.7);
            result.Warnings.AddRange(loo.Warnings);
        }

        if (analysis.Report.MarginalLikelihood)
        {
            result.Warnings.Add("the marginal likelihood is reported by the exact_bayes engine; the nuts engine reports PSIS-LOO for model comparison");
        }

        result.Diagnostics = new FitDiagnostics
        {
            MaxRhat = report.Parameters.Max(p => p.Rhat),
            MinEssBulk = report.Parameters.Min(p => p.EssBulk),
            MinEssTail = report.Parameters.Min(p => p.EssTail),
            Divergences = report.Divergences,
            TreeDepthSaturations = report.SaturatedTreeDepth,
            Chains = options.Chains,
            DrawsPerChain = sampling.DrawsPerChain,
            Seed = options.Seed,
        };
        result.Diagnostics.EBfmi.AddRange(report.Ebfmi);
        result.Diagnostics.Notes.Add(SamplingObserver.Describe(options));
        if (analysis.Report.Loo)
        {
            result.Diagnostics.Notes.Add($"PSIS-LOO leaves out {sampled.LooUnit} at a time");
        }

        result.Warnings.AddRange(report.Warnings);
        if (analysis.Model == Model.KindOneofCase.BinomialNormal && analysis.Spec.Data.Raw.Measure != "OR")
        {
            result.Warnings.Add($"mu and tau are on the log odds ratio scale, whatever the data's measure ({analysis.Spec.Data.Raw.Measure}): the model is of the 2x2 tables themselves");
        }

        if (analysis.Report.PlotData)
        {
            result.PlotData = PlotData(analysis, sampled, sampling);
        }

        return (result, report[sampled.Quantities[0]]);
    }

    /// <summary>One of the two runs of a conditional PET-PEESE: progress on its half of the whole, messages prefixed.</summary>
    private sealed class PartObserver(IFitObserver inner, double start, string prefix) : IFitObserver
    {
        public void Progress(double fraction, string message) => inner.Progress(start + (0.5 * fraction), prefix + message);

        public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws) => inner.PartialSummary(parameters, draws);

        public void Diagnostics(FitDiagnostics diagnostics) => inner.Diagnostics(diagnostics);
    }

    private static PlotData PlotData(ValidatedAnalysis analysis, SampledModel sampled, SamplingResult sampling)
    {
        var plots = new PlotData();
        foreach (var quantity in sampled.Quantities)
        {
            var chains = sampling.Draws(quantity);
            var lower = FitResults.IsPositiveByConstruction(quantity) ? 0 : double.NegativeInfinity;
            plots.Densities.Add(PlotDataBuilder.Estimate(quantity, chains.SelectMany(c => c).ToArray(), SampledModel.PriorDensity(analysis.Priors, quantity), lower));
            plots.Traces.AddRange(PlotDataBuilder.Traces(quantity, chains));
            plots.Ranks.AddRange(PlotDataBuilder.Ranks(quantity, chains));
        }

        if (analysis.Dose is { Curve: DoseResponseCurve.Emax } dose)
        {
            var e0 = sampling.PooledDraws("e0");
            var emax = sampling.PooledDraws("emax");
            var ed50 = sampling.PooledDraws("ed50");
            var tail = (1 - analysis.Level) / 2;
            plots.Curve = PlotDataBuilder.Band(
                "dose",
                d =>
                {
                    var values = e0.Select((_, s) => EmaxDoseResponseModel.Curve(e0[s], emax[s], ed50[s], d / dose.Scale)).Order().ToArray();
                    return (values.Average(), SortedArrayStatistics.Quantile(values, tail), SortedArrayStatistics.Quantile(values, 1 - tail));
                },
                dose.Doses.Min(),
                dose.Doses.Max());
        }

        return plots;
    }

    /// <summary>Each subgroup's mean, a linear combination of the coefficients, summarized draw by draw.</summary>
    private static void AddSubgroupMeans(ValidatedAnalysis analysis, SubgroupSettings subgroups, SamplingResult sampling, bool hpd, FitResult result)
    {
        var coefficients = analysis.Design.ColumnNames.Select(column => sampling.Draws($"beta[{column}]")).ToArray();
        foreach (var (level, row) in SubgroupDesignRows.Of(analysis, subgroups))
        {
            var chains = Enumerable.Range(0, coefficients[0].Length)
                .Select(c => Enumerable.Range(0, sampling.DrawsPerChain).Select(d => row.Select((x, j) => x * coefficients[j][c][d]).Sum()).ToArray())
                .ToArray();
            var mean = Summary(chains.SelectMany(c => c).ToArray(), Core.Bayesian.Diagnostics.ParameterSummary.Compute($"mu[{level}]", chains), analysis.Level, hpd);
            result.Parameters.Add(mean);
            result.Subgroups.Add(new SubgroupEstimate { Level = level, K = subgroups.Levels.Count(l => l == level), Posterior = mean });
        }
    }

    private static PosteriorParameter Summary(double[] pooled, Core.Bayesian.Diagnostics.ParameterSummary diagnostics, double level, bool hpd)
    {
        var summary = DrawSummaries.Summarize(diagnostics.Name, pooled, level, hpd);
        summary.McseMean = diagnostics.McseMean;
        summary.EssBulk = diagnostics.EssBulk;
        summary.EssTail = diagnostics.EssTail;
        summary.Rhat = diagnostics.Rhat;
        return summary;
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
