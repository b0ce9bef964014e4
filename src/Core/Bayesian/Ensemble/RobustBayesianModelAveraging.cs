using System.Diagnostics;
using System.Globalization;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// Robust Bayesian model averaging (RoBMA; Maier, Bartoš and Wagenmakers 2023; Bartoš et al. 2022): fits
/// every member of an ensemble, weighs them by posterior model probability and reports inclusion Bayes
/// factors and model-averaged posteriors.
/// </summary>
/// <remarks>
/// <para>Members without a publication-bias adjustment are Gaussian given the standard deviations and go to
/// the exact engine (<see cref="ExactBayes"/>, error ~1e-8). The others are integrated by adaptive
/// Gauss–Hermite quadrature on at most six coordinates (μ, τ or σ_between and σ_within, up to three weights
/// or one regression coefficient), or, on request, by bridge sampling from NUTS draws.</para>
/// <para>Posterior model probabilities P(m | y) ∝ P(m) p(y | m) use the shared
/// <see cref="PosteriorModelProbabilities"/>. Members are fitted in parallel; each has its own random stream
/// (seed, member index), so the result does not depend on the schedule.</para>
/// </remarks>
public static class RobustBayesianModelAveraging
{
    /// <summary>The warning threshold on a member's log marginal-likelihood error estimate.</summary>
    public const double ErrorWarningThreshold = 0.05;

    /// <summary>Fits <paramref name="definition"/> to <paramref name="data"/>; <paramref name="memberDone"/> hears how many members are done, as each finishes (from any thread).</summary>
    public static EnsembleResult Fit(EnsembleData data, EnsembleDefinition definition, EnsembleOptions? options = null, Action<int>? memberDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(definition);
        options ??= new EnsembleOptions();
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var members = definition.Members;
        var computed = new MemberComputation[members.Count];
        var done = 0;
        Parallel.For(
            0,
            members.Count,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            m =>
            {
                computed[m] = Compute(data, definition.Priors, members[m], m, options, cancellationToken);
                memberDone?.Invoke(Interlocked.Increment(ref done));
            });

        var prior = members.Select(m => m.PriorProbability).ToArray();
        var logMarginal = computed.Select(c => c.LogMarginalLikelihood).ToArray();
        var posterior = PosteriorModelProbabilities.From(logMarginal, prior);
        var fits = members.Select((member, m) => new MemberFit(
            member,
            computed[m].Method,
            logMarginal[m],
            computed[m].ErrorEstimate,
            posterior[m],
            computed[m].ParameterNames,
            computed[m].Means,
            computed[m].Sds,
            computed[m].Diagnostics)).ToArray();

        var heterogeneityNames = HeterogeneityNames(data);
        var mu = PosteriorMixture.Summarize("mu", computed.Select((c, m) => (posterior[m], c.Mu)).ToArray(), Included(posterior, members, m => m.HasEffect));
        var withEffect = Enumerable.Range(0, members.Count).Where(m => members[m].HasEffect).ToArray();
        var muConditional = withEffect.Length == 0 || withEffect.Sum(m => posterior[m]) == 0
            ? new AveragedEstimate("mu", 0, 0, 0, 0, 0, 0)
            : PosteriorMixture.Summarize("mu", withEffect.Select(m => (posterior[m], computed[m].Mu)).ToArray(), 1);
        var heterogeneity = heterogeneityNames.Select((name, h) => PosteriorMixture.Summarize(
            name,
            computed.Select((c, m) => (posterior[m], c.Heterogeneity[h])).ToArray(),
            Included(posterior, members, m => m.HasHeterogeneity))).ToArray();

        var warnings = computed.SelectMany((c, m) => c.Warnings.Select(w => $"{members[m].Name}: {w}")).ToList();
        return new EnsembleResult(
            fits,
            InclusionBayesFactor.From("effect", prior, posterior, members.Select(m => m.HasEffect).ToArray()),
            InclusionBayesFactor.From("heterogeneity", prior, posterior, members.Select(m => m.HasHeterogeneity).ToArray()),
            InclusionBayesFactor.From("bias", prior, posterior, members.Select(m => m.HasBias).ToArray()),
            mu,
            muConditional,
            heterogeneity,
            computed.Max(c => c.ErrorEstimate),
            warnings,
            stopwatch.Elapsed);
    }

    private static string[] HeterogeneityNames(EnsembleData data) => data.IsThreeLevel ? ["sigma_between", "sigma_within"] : ["tau"];

    private static double Included(double[] posterior, IReadOnlyList<EnsembleMember> members, Func<EnsembleMember, bool> has) =>
        Enumerable.Range(0, members.Count).Where(m => has(members[m])).Sum(m => posterior[m]);

    private static MemberComputation Compute(EnsembleData data, EnsemblePriors priors, EnsembleMember member, int index, EnsembleOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (member.Bias.IsNone)
        {
            return ComputeExact(data, priors, member);
        }

        var density = new MemberDensity(data, member, priors);
        return options.BiasMembers == MarginalLikelihoodMethod.BridgeSampling
            ? ComputeBridge(data, density, index, options, cancellationToken)
            : ComputeQuadrature(data, density, index, options);
    }

    private static MemberComputation ComputeExact(EnsembleData data, EnsemblePriors priors, EnsembleMember member)
    {
        var design = DesignMatrix.InterceptOnly(data.Effects.K);
        var model = data.IsThreeLevel
            ? ExactModel.ThreeLevel(data.Effects, data.Studies!, design, [priors.Effect], priors.SigmaBetween, priors.SigmaWithin)
            : ExactModel.RandomEffects(data.Effects, design, [priors.Effect], priors.Heterogeneity);
        if (!member.HasEffect)
        {
            model = model.WithoutCoefficients([DesignMatrix.InterceptName]);
        }

        if (!member.HasHeterogeneity)
        {
            model = model.Components.Aggregate(model, (m, c) => m.WithFixedComponent(c.Name, 0));
        }

        var posterior = ExactBayes.Fit(model);
        var names = new List<string>();
        var means = new List<double>();
        var sds = new List<double>();
        var mu = MarginalPosterior.AtZero;
        if (member.HasEffect)
        {
            var coefficient = posterior.Coefficient(0);
            mu = new MarginalPosterior(coefficient.Mean, coefficient.Variance, coefficient.Cdf);
            names.Add("mu");
            means.Add(coefficient.Mean);
            sds.Add(coefficient.Sd);
        }

        var heterogeneity = HeterogeneityNames(data).Select(name =>
        {
            if (!member.HasHeterogeneity)
            {
                return MarginalPosterior.AtZero;
            }

            var component = posterior.Component(name);
            names.Add(name);
            means.Add(component.Mean);
            sds.Add(component.Sd);
            return new MarginalPosterior(component.Mean, component.Variance, component.Cdf);
        }).ToArray();

        var error = posterior.Diagnostics.RelativeErrorEstimate;
        var diagnostics = string.Create(CultureInfo.InvariantCulture, $"exact engine: {posterior.Diagnostics.Dimensions}-dimensional integral, {posterior.Diagnostics.Evaluations} evaluations, relative error {error:G2}");
        return new MemberComputation(MarginalLikelihoodMethod.Exact, posterior.LogMarginalLikelihood!.Value, error, names, means, sds, mu, heterogeneity, diagnostics, []);
    }

    private static MemberComputation ComputeQuadrature(EnsembleData data, MemberDensity density, int index, EnsembleOptions options)
    {
        var quadrature = AdaptiveGaussHermiteQuadrature.Integrate(density, data.IsThreeLevel ? options.NestedQuadrature : options.Quadrature);
        var sample = ImportanceSample.Draw(density, quadrature.Mode, options.ImportanceDraws, options.Seed, index);
        var warnings = new List<string>();
        if (!quadrature.Mode.Converged)
        {
            warnings.Add("the search for the posterior mode did not converge; the quadrature may be misplaced");
        }

        if (quadrature.ErrorEstimate > ErrorWarningThreshold)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the quadrature's error estimate for the log marginal likelihood is {quadrature.ErrorEstimate:G2}, above {ErrorWarningThreshold}"));
        }

        var disagreement = Math.Abs(sample.LogMarginalLikelihood - quadrature.LogIntegral);
        if (disagreement > Math.Max(4 * sample.LogMarginalLikelihoodError, quadrature.ErrorEstimate) && disagreement > 1e-3)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"importance sampling's marginal likelihood differs from the quadrature's by {disagreement:G2} on the log scale, more than either's error"));
        }

        if (sample.EffectiveSampleSize < 0.1 * options.ImportanceDraws)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the importance draws behind the quantiles have an effective size of only {sample.EffectiveSampleSize:F0}"));
        }

        var diagnostics = string.Create(
            CultureInfo.InvariantCulture,
            $"adaptive Gauss-Hermite: {quadrature.PointsPerDimension}^{density.Dimension} nodes, {quadrature.Evaluations} evaluations, error estimate {quadrature.ErrorEstimate:G2}; importance sampling: log ML {sample.LogMarginalLikelihood:F4} ± {sample.LogMarginalLikelihoodError:G2}, ESS {sample.EffectiveSampleSize:F0} of {options.ImportanceDraws}");
        return FromMoments(data, density, MarginalLikelihoodMethod.Quadrature, quadrature.LogIntegral, quadrature.ErrorEstimate, quadrature.Means, quadrature.Sds, p => x => sample.Cdf(p, x), diagnostics, warnings);
    }

    private static MemberComputation ComputeBridge(EnsembleData data, MemberDensity density, int index, EnsembleOptions options, CancellationToken cancellationToken)
    {
        var run = BridgeSampledPosterior.Run(density, options.Sampler with { Seed = options.Seed + (ulong)index }, cancellationToken);
        var warnings = run.Warnings.ToList();
        if (run.Bridge.ErrorEstimate > ErrorWarningThreshold)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"bridge sampling's error estimate for the log marginal likelihood is {run.Bridge.ErrorEstimate:G2}, above {ErrorWarningThreshold}"));
        }

        var diagnostics = string.Create(
            CultureInfo.InvariantCulture,
            $"bridge sampling: {run.Bridge.Iterations} iterations, coefficient of variation {run.Bridge.ErrorEstimate:G2}, from {run.Draws.Length} NUTS draws");
        return FromMoments(data, density, MarginalLikelihoodMethod.BridgeSampling, run.Bridge.LogMarginalLikelihood, run.Bridge.ErrorEstimate, run.Means, run.Sds, p => x => run.Cdf(p, x), diagnostics, warnings);
    }

    private static MemberComputation FromMoments(
        EnsembleData data,
        MemberDensity density,
        MarginalLikelihoodMethod method,
        double logMarginal,
        double error,
        IReadOnlyList<double> means,
        IReadOnlyList<double> sds,
        Func<int, Func<double, double>> cdf,
        string diagnostics,
        List<string> warnings)
    {
        var names = density.ParameterNames;
        MarginalPosterior Marginal(string name)
        {
            var p = names.ToList().IndexOf(name);
            return p < 0 ? MarginalPosterior.AtZero : new MarginalPosterior(means[p], sds[p] * sds[p], cdf(p));
        }

        return new MemberComputation(method, logMarginal, error, names, means, sds, Marginal("mu"), HeterogeneityNames(data).Select(Marginal).ToArray(), diagnostics, warnings);
    }

    private sealed record MemberComputation(
        MarginalLikelihoodMethod Method,
        double LogMarginalLikelihood,
        double ErrorEstimate,
        IReadOnlyList<string> ParameterNames,
        IReadOnlyList<double> Means,
        IReadOnlyList<double> Sds,
        MarginalPosterior Mu,
        MarginalPosterior[] Heterogeneity,
        string Diagnostics,
        IReadOnlyList<string> Warnings);
}
