using System.Globalization;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Ensemble;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Robust Bayesian model averaging (RoBMA-PSMA): every member of the ensemble fitted
/// (<see cref="RobustBayesianModelAveraging"/>), the posterior model probabilities, the inclusion Bayes factors
/// for the effect, heterogeneity and publication bias, and μ and the heterogeneity averaged over the members.
/// </summary>
/// <remarks>
/// Parameters: <c>mu</c> averaged over every member (members without an effect contribute μ = 0, as RoBMA
/// reports it), <c>mu (models with an effect)</c>, then <c>tau</c> or <c>sigma_between</c> and
/// <c>sigma_within</c> averaged over every member. A member whose log marginal likelihood has an estimated
/// error above <see cref="RobustBayesianModelAveraging.ErrorWarningThreshold"/> is named in a warning.
/// </remarks>
public sealed class RobustAveragingFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.RobustAveraging;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(observer);
        var spec = analysis.Spec.Model.RobustAveraging;
        var definition = RobustAveragingSpecs.Definition(spec, "model.robust_averaging");
        var data = analysis.ThreeLevel && analysis.Data.Clusters is { } clusters
            ? EnsembleData.Nested(analysis.Data.Effects, clusters)
            : EnsembleData.Independent(analysis.Data.Effects);
        var count = definition.Members.Count;
        observer.Progress(0, string.Create(CultureInfo.InvariantCulture, $"fitting {count} models"));

        // Members finish on several threads: the observer hears one report at a time, and never a smaller count after a larger.
        var gate = new Lock();
        var reported = 0;
        void MemberDone(int done)
        {
            lock (gate)
            {
                if (done > reported)
                {
                    reported = done;
                    observer.Progress((double)done / count, string.Create(CultureInfo.InvariantCulture, $"{done} of {count} models"));
                }
            }
        }

        var fit = RobustBayesianModelAveraging.Fit(data, definition, cancellationToken: cancellationToken, memberDone: MemberDone);

        var structure = data.IsThreeLevel ? "three-level" : "random effects";
        var result = FitResults.Start(analysis, "exact_bayes", string.Create(CultureInfo.InvariantCulture, $"robust Bayesian model averaging ({structure}), {definition.Members.Count} models"));
        result.Parameters.Add(Parameter("mu", fit.Mu));
        result.Parameters.Add(Parameter("mu (models with an effect)", fit.MuConditional));
        foreach (var estimate in fit.HeterogeneityEstimates)
        {
            result.Parameters.Add(Parameter(estimate.Parameter, estimate));
        }

        var averaging = new RobustAveragingResult { LargestError = fit.LargestErrorEstimate };
        averaging.Members.AddRange(fit.Members.Select(m => new EnsembleMemberResult
        {
            Name = m.Member.Name,
            Effect = m.Member.HasEffect,
            Heterogeneity = m.Member.HasHeterogeneity,
            Bias = m.Member.Bias.Label,
            PriorProbability = m.Member.PriorProbability,
            PosteriorProbability = m.PosteriorProbability,
            LogMarginalLikelihood = m.LogMarginalLikelihood,
            Error = m.ErrorEstimate,
            Method = m.Method switch
            {
                MarginalLikelihoodMethod.Exact => "exact",
                MarginalLikelihoodMethod.Quadrature => "quadrature",
                _ => "bridge sampling",
            },
        }));
        averaging.Inclusion.AddRange(new[] { fit.Effect, fit.Heterogeneity, fit.PublicationBias }.Select(b => new InclusionEvidence
        {
            Component = b.Component,
            PriorProbability = b.PriorProbability,
            PosteriorProbability = b.PosteriorProbability,
            LogBayesFactor = b.LogBayesFactor,
        }));
        averaging.Summary.AddRange(EnsembleSummaryText.Sentences(fit));
        result.RobustAveraging = averaging;

        // The ensemble's own evidence, p(y) = Σₘ p(m) p(y | m): the model average compared with the batch's
        // other Bayesian models by the same yardstick.
        var terms = fit.Members.Select(m => Math.Log(m.Member.PriorProbability) + m.LogMarginalLikelihood).ToArray();
        var largest = terms.Max();
        result.Fit = new ModelFit { LogMarginalLikelihood = largest + Math.Log(terms.Sum(t => Math.Exp(t - largest))), Parameters = result.Parameters.Count };
        result.Warnings.AddRange(fit.Warnings);
        result.Diagnostics ??= new FitDiagnostics();
        result.Diagnostics.IntegrationError = fit.LargestErrorEstimate;
        // No timing here: a result depends on its spec alone (a batch run locally and on the service are the same document).
        result.Diagnostics.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{definition.Members.Count} models; largest estimated error of a log marginal likelihood {fit.LargestErrorEstimate:G2}"));
        observer.Progress(1, "done");
        return result;
    }

    private static PosteriorParameter Parameter(string name, AveragedEstimate estimate) => new()
    {
        Name = name,
        Mean = estimate.Mean,
        Sd = estimate.Sd,
        Median = estimate.Median,
        Lower = estimate.Lower,
        Upper = estimate.Upper,
    };
}
