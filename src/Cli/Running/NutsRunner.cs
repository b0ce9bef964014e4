using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Cli.Running;

/// <summary>
/// Fits a plan's model with NUTS: the Emax dose-response curve (non-linear in ED50), and the random-effects
/// and three-level models in non-centred form (to check the exact engine, or for trace and rank plots).
/// </summary>
internal static class NutsRunner
{
    public static ModelResult Run(ModelPlan model, AnalysisData data, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var priors = model.Priors ?? throw new InvalidOperationException("a Bayesian model without priors passed validation");
        var design = ModelDesign.Create(model, data);
        var studies = model.Structure == ModelStructure.ThreeLevel ? data.RequireStudies($"{model.Path}.structure") : null;
        IModel sampled;
        string[] quantities;
        string what;
        if (model.Dose is { Curve: DoseCurve.Emax } dose)
        {
            var emax = new EmaxDoseResponseModel(data.Effects, design.Dose!.Doses.Select(d => d / dose.Scale).ToArray(), priors.E0!, priors.Emax!, priors.Ed50!, priors.Tau!, studies);
            (sampled, quantities, what) = (emax, ["e0", "emax", "ed50", "tau"], studies is null ? "Emax dose-response" : "Emax dose-response with a random effect per study");
        }
        else if (studies is not null)
        {
            var threeLevel = new NonCentredThreeLevelModel(data.Effects, studies, priors.Intercept!, priors.SigmaBetween!, priors.SigmaWithin!, design.Matrix, priors.Slopes);
            (sampled, quantities, what) = (threeLevel, [.. threeLevel.CoefficientNames, "sigma_between", "sigma_within"], "three-level (non-centred)");
        }
        else
        {
            var randomEffects = new NonCentredRandomEffectsModel(data.Effects, priors.Intercept!, priors.Tau!, design.Matrix, priors.Slopes);
            (sampled, quantities, what) = (randomEffects, [.. randomEffects.CoefficientNames, "tau"], "random effects (non-centred)");
        }

        var options = model.Sampler.ToOptions();
        var chainProgress = progress is null ? null : new ChainProgress(options.Chains, progress);
        var result = Sampler.Run(sampled, options, sink: null, chainProgress, cancellationToken);
        var report = DiagnosticReport.Create(result, quantities);
        var loo = LeaveOneOut.Compute(result);
        var fits = new ModelFits { Data = data.Effects, Design = design.Matrix, Sampling = result, SampledQuantities = quantities, Dose = design.Dose };
        var heterogeneityNames = new[] { "tau", "sigma_between", "sigma_within" };
        return ModelRunner.Empty(model, $"Bayesian {what}, NUTS", fits) with
        {
            Coefficients = quantities.Where(q => !heterogeneityNames.Contains(q)).Select(q => Row(report[q], result)).ToArray(),
            Heterogeneity = quantities.Where(heterogeneityNames.Contains).Select(q => Row(report[q], result) with { ProbabilityPositive = null }).ToArray(),
            Sampler = new SamplerSummary(
                options.Chains,
                result.DrawsPerChain,
                report.Divergences,
                report.SaturatedTreeDepth,
                report.Parameters.Max(p => p.Rhat),
                report.Parameters.Min(p => p.EssBulk),
                report.Ebfmi.Min(),
                result.Elapsed.TotalSeconds,
                options.Seed),
            Loo = new LooSummary(loo.Elpd, loo.ElpdSe, loo.EffectiveParameters, loo.ParetoK.Count(k => k > 0.7)),
            Warnings = [.. report.Warnings, .. loo.Warnings],
        };
    }

    private static EstimateRow Row(ParameterSummary s, SamplingResult result)
    {
        var draws = result.PooledDraws(s.Name);
        var positive = draws.Count(d => d > 0) / (double)draws.Length;
        return new EstimateRow(s.Name, s.Mean, s.Sd, s.Q025, s.Q975, ProbabilityPositive: positive, Mcse: s.McseMean, EssBulk: s.EssBulk, Rhat: s.Rhat);
    }

    /// <summary>Turns the chains' progress reports into one fraction of the whole run.</summary>
    private sealed class ChainProgress(int chains, IProgress<double> target) : IProgress<SamplingProgress>
    {
        private readonly double[] fractions = new double[chains];
        private readonly Lock gate = new();

        public void Report(SamplingProgress value)
        {
            double total;
            lock (gate)
            {
                fractions[value.Chain] = value.Fraction;
                total = fractions.Average();
            }

            target.Report(total);
        }
    }
}
