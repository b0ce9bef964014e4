using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The exact Bayesian engine. Given the variance components the coefficients of a Gaussian meta-analysis
/// model are conjugate, so the joint posterior is a mixture of Gaussians over the components' posterior,
/// and p(components | y) ∝ p(components) p(y | components) is known in closed form up to its constant.
/// The engine integrates it adaptively (one dimension for τ, two nested for a three-level model) and
/// returns an <see cref="ExactPosterior"/> from which every summary is exact to the integration error.
/// </summary>
public static class ExactBayes
{
    /// <summary>Fits <paramref name="model"/>.</summary>
    /// <exception cref="InvalidInputException">The options are invalid, or the posterior has no mass (a prior that excludes every plausible value).</exception>
    public static ExactPosterior Fit(ExactModel model, ExactIntegrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= ExactIntegrationOptions.Default;
        options.Validate();
        var conditional = model.Conditional();
        var hint = Math.Log(HeterogeneityHint(model));
        try
        {
            return (model.Between.Prior, model.Within.Prior) switch
            {
                (null, null) => FitFixed(model, conditional),
                (null, { } within) => FitOne(model, conditional, within, hint, options, sigma => conditional.Evaluate(model.Between.FixedValue, sigma)),
                ({ } between, null) => FitBetween(model, conditional, between, hint, options),
                ({ } between, { } within) => FitTwo(model, conditional, between, within, hint, options),
            };
        }
        catch (ArithmeticException ex)
        {
            throw new InvalidInputException("priors", $"the posterior cannot be integrated: {ex.Message}; check that the priors on the standard deviations allow plausible values");
        }
    }

    private static ExactPosterior FitFixed(ExactModel model, ConditionalGaussian conditional)
    {
        var node = conditional.Evaluate(model.Between.FixedValue, model.Within.FixedValue);
        var nodes = new PosteriorNodes([1.0], [1.0], [node]);
        return new ExactPosterior(model, conditional, nodes, node.LogMarginalLikelihood, new IntegrationDiagnostics(0, 0, 1, 1), new Dictionary<string, StandardDeviationPosterior>());
    }

    private static ExactPosterior FitOne(
        ExactModel model,
        ConditionalGaussian conditional,
        ScalePrior prior,
        double hint,
        ExactIntegrationOptions options,
        Func<double, ConditionalMoments> evaluate)
    {
        var grid = ScaleGrid<ConditionalMoments>.Build(
            sigma =>
            {
                var logPrior = prior.LogDensity(sigma);
                if (double.IsNegativeInfinity(logPrior))
                {
                    return (double.NegativeInfinity, null);
                }

                var node = evaluate(sigma);
                return (logPrior + node.LogMarginalLikelihood, node);
            },
            prior.Upper,
            Math.Min(hint, Math.Log(prior.Upper / 2)),
            1,
            options.RelativeTolerance,
            options.MaximumPanels);
        var nodes = PosteriorNodes.From(grid.Nodes().Select(n => (n.Weight, n.Weight, n.Payload)));
        var free = model.Within.IsFixed ? model.Between : model.Within;
        var diagnostics = new IntegrationDiagnostics(grid.RelativeError, 1, grid.Evaluations, nodes.Count);
        var posteriors = new Dictionary<string, StandardDeviationPosterior>(StringComparer.Ordinal)
        {
            [free.Name] = new GridStandardDeviationPosterior<ConditionalMoments>(grid),
        };
        return new ExactPosterior(model, conditional, nodes, grid.LogTotal, diagnostics, posteriors);
    }

    private static ExactPosterior FitBetween(ExactModel model, ConditionalGaussian conditional, ScalePrior prior, double hint, ExactIntegrationOptions options)
    {
        var sums = conditional.Prepare(model.Within.FixedValue);
        return FitOne(model, conditional, prior, hint, options, sigma => conditional.Evaluate(sums, sigma));
    }

    private static ExactPosterior FitTwo(
        ExactModel model,
        ConditionalGaussian conditional,
        ScalePrior betweenPrior,
        ScalePrior withinPrior,
        double hint,
        ExactIntegrationOptions options)
    {
        // σ_within outside, σ_between inside: the inner integrand then only updates per-cluster sums.
        var evaluations = 0;
        var innerHint = Math.Min(hint, Math.Log(betweenPrior.Upper / 2));
        var innerScale = 1.0;
        var bestOuter = double.NegativeInfinity;
        var outer = ScaleGrid<ScaleGrid<ConditionalMoments>>.Build(
            within =>
            {
                var logPrior = withinPrior.LogDensity(within);
                if (double.IsNegativeInfinity(logPrior))
                {
                    return (double.NegativeInfinity, null);
                }

                var sums = conditional.Prepare(within);
                var inner = ScaleGrid<ConditionalMoments>.Build(
                    between =>
                    {
                        var logBetween = betweenPrior.LogDensity(between);
                        if (double.IsNegativeInfinity(logBetween))
                        {
                            return (double.NegativeInfinity, null);
                        }

                        var node = conditional.Evaluate(sums, between);
                        return (logBetween + node.LogMarginalLikelihood, node);
                    },
                    betweenPrior.Upper,
                    innerHint,
                    innerScale,
                    options.RelativeTolerance,
                    options.MaximumPanels,
                    Math.Log(options.RelativeTolerance / 10) + bestOuter - logPrior - Math.Log(within));

                // Neighbouring outer nodes have nearly the same inner posterior: start the next search here.
                evaluations += inner.Evaluations;
                innerHint = inner.ModeLogSigma;
                innerScale = inner.ModeScale;

                // An inner integral whose outer node weighs little needs only an absolute accuracy.
                bestOuter = Math.Max(bestOuter, logPrior + inner.LogTotal + Math.Log(within));
                return (logPrior + inner.LogTotal, inner);
            },
            withinPrior.Upper,
            Math.Min(hint, Math.Log(withinPrior.Upper / 2)),
            1,
            options.RelativeTolerance,
            options.MaximumPanels);

        var outerNodes = outer.Nodes().ToArray();
        var nodes = PosteriorNodes.From(outerNodes.SelectMany(o => o.Payload.Nodes().Select(i => (o.Weight * i.Weight, o.GaussWeight * i.GaussWeight, i.Payload))));
        var innerError = outerNodes.Sum(o => o.Weight * o.Payload.RelativeError);
        var diagnostics = new IntegrationDiagnostics(outer.RelativeError + innerError, 2, evaluations, nodes.Count);
        var posteriors = new Dictionary<string, StandardDeviationPosterior>(StringComparer.Ordinal)
        {
            [model.Within.Name] = new GridStandardDeviationPosterior<ScaleGrid<ConditionalMoments>>(outer),
            [model.Between.Name] = new NestedStandardDeviationPosterior(outer),
        };
        return new ExactPosterior(model, conditional, nodes, outer.LogTotal, diagnostics, posteriors);
    }

    /// <summary>
    /// Where to start looking for the mode of a standard deviation: the DerSimonian–Laird τ of the
    /// intercept-only model, or a quarter of the typical sampling standard deviation when that is 0.
    /// </summary>
    private static double HeterogeneityHint(ExactModel model)
    {
        var y = model.Data.Yi;
        var v = model.Data.Vi;
        double sumW = 0, sumW2 = 0, sumWy = 0;
        for (var i = 0; i < y.Count; i++)
        {
            var w = 1 / v[i];
            sumW += w;
            sumW2 += w * w;
            sumWy += w * y[i];
        }

        var mean = sumWy / sumW;
        var q = 0.0;
        for (var i = 0; i < y.Count; i++)
        {
            q += (y[i] - mean) * (y[i] - mean) / v[i];
        }

        var denominator = sumW - (sumW2 / sumW);
        var tau2 = denominator > 0 ? Math.Max(0, (q - (y.Count - 1)) / denominator) : 0;
        var typical = Math.Sqrt(y.Count / sumW);
        return Math.Max(Math.Sqrt(tau2), 0.25 * typical);
    }
}
