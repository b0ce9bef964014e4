using System.Globalization;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Publication-bias checks: Egger's regression test (mixed-effects by default, or classical), Begg's rank
/// correlation test, Duval and Tweedie's trim-and-fill (random effects and, with clusters, three levels)
/// Rosenthal's and Orwin's fail-safe N, PET-PEESE, and selection models (metafor's weight functions) fitted
/// by ML on the random-effects model and, when effects are nested in studies, on the three-level model.
/// </summary>
/// <remarks>
/// Egger's mixed-effects test and trim-and-fill use the engine's τ² method and test (REML and z unless
/// set), as metafor's <c>regtest</c> and <c>trimfill</c> do on an <c>rma</c> fit; trim-and-fill uses the L0
/// estimator, the side chosen from Egger's test, and reports the filled effects for the funnel plot.
/// </remarks>
public sealed class PublicationBiasFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.PublicationBias;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var tests = analysis.PublicationBias!;
        var data = analysis.Data.Effects;
        var options = analysis.Frequentist!;
        var result = FitResults.Start(analysis, "frequentist", "publication-bias checks");
        var checks = new PublicationBiasChecks();
        if (tests.Egger)
        {
            var classical = tests.EggerModel == "lm";
            var egger = classical ? EggerRegressionTest.Classical(data) : EggerRegressionTest.MixedEffects(data, options);
            checks.Egger = new EggerTest
            {
                Model = classical ? "lm" : "rma",
                Slope = egger.Slope,
                SlopeSe = egger.SlopeStandardError,
                Statistic = egger.Statistic,
                PValue = egger.PValue,
                LimitEstimate = egger.LimitEstimate,
                LimitSe = egger.LimitStandardError,
            };
            if (double.IsFinite(egger.DegreesOfFreedom))
            {
                checks.Egger.Df = egger.DegreesOfFreedom;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.Begg)
        {
            var begg = BeggRankCorrelationTest.Run(data);
            checks.Begg = new BeggTest { KendallTau = begg.KendallTau, PValue = begg.PValue, Exact = begg.IsExact };
        }

        if (tests.TrimAndFill)
        {
            var fill = RandomEffectsTrimAndFill.Run(data, options);
            checks.TrimAndFill.Add(TrimAndFill("random_effects", fill.Side, fill.Iteration, fill.Fit.Coefficients[0], fill.Fit.Tau2, data.Vi));
            if (analysis.Data.Clusters is { } clusters && analysis.Data.ClusterCount < analysis.Data.K)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var estimator = options.Method == "ML" ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood;
                var nested = ThreeLevelTrimAndFill.Run(data, clusters, new ThreeLevelOptions(estimator, options.Test, analysis.Level));
                checks.TrimAndFill.Add(TrimAndFill("three_level", nested.Side, nested.Iteration, nested.Fit.Coefficients[0], nested.Fit.Sigma2Between + nested.Fit.Sigma2Within, data.Vi));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.FailSafeN)
        {
            foreach (var failSafe in new[] { FailSafeN.Rosenthal(data), FailSafeN.Orwin(data) })
            {
                var number = new FailSafeNumber { Method = failSafe.Method, Number = failSafe.Number };
                if (double.IsFinite(failSafe.PValue))
                {
                    number.PValue = failSafe.PValue;
                }

                if (double.IsFinite(failSafe.Target))
                {
                    number.Target = failSafe.Target;
                }

                checks.FailSafeN.Add(number);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.PetPeese)
        {
            checks.PetPeese = PetPeeseResult(data, SelectionModelSpecs.Direction(tests.PetPeeseDirection, "model.publication_bias.pet_peese_direction"));
        }

        // Selection models on the random-effects model and, when effects are nested in studies, on the three-level model.
        var studies = analysis.Data.Clusters is { } labels && analysis.Data.ClusterCount < analysis.Data.K ? EffectClusters.Create(labels, data.K) : null;
        for (var i = 0; i < tests.SelectionModels.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = $"model.publication_bias.selection_models[{i}]";
            checks.SelectionModels.Add(Selection(data, tests.SelectionModels[i], path, analysis.Level));
            if (studies is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                checks.SelectionModels.Add(NestedSelection(data, studies, tests.SelectionModels[i], path, analysis.Level));
            }
        }

        result.PublicationBias = checks;
        return result;
    }

    private static PetPeeseResult PetPeeseResult(EffectData data, SelectionAlternative direction)
    {
        var fit = PetPeese.Fit(data, direction: direction);
        var result = new PetPeeseResult
        {
            PetOneSidedPValue = fit.PetOneSidedPValue,
            Chosen = fit.UsesPeese ? "PEESE" : "PET",
            Estimate = FitResults.Coefficient(fit.Estimate),
            Direction = SelectionModelSpecs.Code(direction),
        };
        result.Pet.AddRange(fit.Pet.Coefficients.Select(FitResults.Coefficient));
        result.Peese.AddRange(fit.Peese.Coefficients.Select(FitResults.Coefficient));
        return result;
    }

    private static SelectionModelResult Selection(EffectData data, SelectionModelSpec spec, string path, double level)
    {
        var weights = SelectionModelSpecs.WeightFunction(spec, path);
        var alternative = SelectionModelSpecs.Alternative(spec, path);
        var fit = SelectionModel.Fit(data, weights, alternative, level: level);
        var result = SelectionResult("random_effects", weights, alternative, fit.Coefficients, fit.Deltas, fit.DeltaStandardErrors, fit.LogLikelihood, (fit.LikelihoodRatio, fit.LikelihoodRatioDegreesOfFreedom, fit.LikelihoodRatioPValue), "the random-effects model");
        result.Tau2 = fit.Tau2;
        if (double.IsFinite(fit.Tau2StandardError))
        {
            result.Tau2Se = fit.Tau2StandardError;
        }

        return result;
    }

    private static SelectionModelResult NestedSelection(EffectData data, EffectClusters clusters, SelectionModelSpec spec, string path, double level)
    {
        var weights = SelectionModelSpecs.WeightFunction(spec, path);
        var alternative = SelectionModelSpecs.Alternative(spec, path);
        var fit = ThreeLevelSelectionModel.Fit(data, clusters, weights, alternative, level: level);
        var result = SelectionResult("three_level", weights, alternative, fit.Coefficients, fit.Deltas, fit.DeltaStandardErrors, fit.LogLikelihood, (fit.LikelihoodRatio, fit.LikelihoodRatioDegreesOfFreedom, fit.LikelihoodRatioPValue), "the three-level model");
        result.Sigma2Between = fit.Sigma2Between;
        result.Sigma2Within = fit.Sigma2Within;
        if (double.IsFinite(fit.Sigma2BetweenStandardError))
        {
            result.Sigma2BetweenSe = fit.Sigma2BetweenStandardError;
        }

        if (double.IsFinite(fit.Sigma2WithinStandardError))
        {
            result.Sigma2WithinSe = fit.Sigma2WithinStandardError;
        }

        return result;
    }

    /// <summary>What a selection model's result holds whatever its structure: coefficients, weights, the likelihood-ratio test and the weight function's curve.</summary>
    private static SelectionModelResult SelectionResult(
        string model,
        SelectionWeightFunction weights,
        SelectionAlternative alternative,
        IReadOnlyList<CoefficientEstimate> coefficients,
        IReadOnlyList<double> deltas,
        IReadOnlyList<double> deltaStandardErrors,
        double logLikelihood,
        (double Statistic, int Df, double PValue) ratio,
        string without)
    {
        var result = new SelectionModelResult
        {
            Model = model,
            Type = weights.Type,
            Alternative = SelectionModelSpecs.Code(alternative),
            LogLikelihood = logLikelihood,
            LikelihoodRatio = new TestStatistic
            {
                Name = "LRT",
                Statistic = ratio.Statistic,
                Df = ratio.Df,
                PValue = ratio.PValue,
                Description = $"the selection model against {without} without selection (ML)",
            },
        };
        if (weights is StepWeightFunction step)
        {
            result.Steps.AddRange(step.Steps);
        }

        result.Coefficients.AddRange(coefficients.Select(FitResults.Coefficient));
        for (var j = 0; j < deltas.Count; j++)
        {
            var parameter = new SelectionParameter { Name = DeltaName(weights, j), Estimate = deltas[j], Fixed = weights.IsFixed(j) };
            if (double.IsFinite(deltaStandardErrors[j]))
            {
                parameter.Se = deltaStandardErrors[j];
            }

            result.Deltas.Add(parameter);
        }

        var (p, w) = WeightCurve(weights, deltas);
        result.CurveP.AddRange(p);
        result.CurveWeight.AddRange(w);
        return result;
    }

    /// <summary>The step function's δ by its interval of p-values ("0.025 &lt; p ≤ 1"), the others' as metafor prints them.</summary>
    private static string DeltaName(SelectionWeightFunction weights, int j)
    {
        if (weights is StepWeightFunction step)
        {
            var upper = step.Steps[j].ToString("0.###", CultureInfo.InvariantCulture);
            return j == 0 ? $"p ≤ {upper}" : $"{step.Steps[j - 1].ToString("0.###", CultureInfo.InvariantCulture)} < p ≤ {upper}";
        }

        return weights.DeltaCount == 1 ? "delta" : $"delta{j + 1}";
    }

    /// <summary>The fitted weight function on a grid of p-values, with the step function's jumps drawn upright.</summary>
    private static (List<double> P, List<double> Weight) WeightCurve(SelectionWeightFunction weights, IReadOnlyList<double> deltas)
    {
        var grid = Enumerable.Range(0, 201).Select(i => Math.Clamp(i / 200.0, 1e-4, 1 - 1e-4)).ToList();
        if (weights is StepWeightFunction step)
        {
            grid.AddRange(step.Steps.Where(s => s < 1).SelectMany(s => new[] { s, Math.Min(s + 1e-9, 1 - 1e-4) }));
            grid.Sort();
        }

        var gradient = new double[weights.DeltaCount];
        var delta = deltas.ToArray();
        return (grid, grid.Select(p => Math.Exp(weights.LogWeight(p, delta, gradient))).ToList());
    }

    private static TrimAndFillResult TrimAndFill(string model, FunnelSide side, TrimAndFillIteration iteration, CoefficientEstimate adjusted, double tau2, IReadOnlyList<double> vi)
    {
        var result = new TrimAndFillResult
        {
            Model = model,
            Side = side == FunnelSide.Left ? "left" : "right",
            Missing = iteration.MissingCount,
            MissingSe = iteration.MissingCountStandardError,
            Adjusted = FitResults.Coefficient(adjusted with { Name = "intrcpt (filled)" }),
            Tau2 = tau2,
        };
        result.FilledYi.AddRange(iteration.FilledEffects);
        result.FilledVi.AddRange(iteration.MirroredRows.Select(r => vi[r]));
        return result;
    }
}
