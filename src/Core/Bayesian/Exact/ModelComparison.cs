using MetaAnalysis.Core.Data;
using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>One model of a comparison: its name, exact fit and prior probability.</summary>
/// <param name="Name">A label for reports.</param>
/// <param name="Posterior">The exact fit.</param>
/// <param name="PriorProbability">Prior model probability (normalized over the compared models).</param>
public sealed record ComparedModel(string Name, ExactPosterior Posterior, double PriorProbability = 1);

/// <summary>One row of a comparison table.</summary>
/// <param name="Name">The model's label.</param>
/// <param name="LogMarginalLikelihood">log p(y | model).</param>
/// <param name="LogBayesFactorToBest">log BF of this model against the model with the largest marginal likelihood (≤ 0).</param>
/// <param name="PriorProbability">Normalized prior probability.</param>
/// <param name="PosteriorProbability">Posterior model probability.</param>
public sealed record ModelComparisonRow(string Name, double LogMarginalLikelihood, double LogBayesFactorToBest, double PriorProbability, double PosteriorProbability);

/// <summary>
/// Bayesian comparison and averaging of exact fits to the same data: marginal likelihoods, Bayes
/// factors, posterior model probabilities p(M | y) ∝ p(M) p(y | M), and the model-averaged posterior of an
/// effect, as RoBMA and metaBMA report them, but with exact marginal likelihoods and mixtures instead of
/// bridge sampling and draws.
/// </summary>
public sealed class ModelComparison
{
    private readonly ComparedModel[] models;

    private ModelComparison(ComparedModel[] models, ModelComparisonRow[] rows)
    {
        this.models = models;
        Rows = rows;
    }

    /// <summary>The comparison table, in the order given.</summary>
    public IReadOnlyList<ModelComparisonRow> Rows { get; }

    /// <summary>
    /// Compares <paramref name="models"/>: every fit must be of the same effects and have proper priors
    /// (a flat prior leaves the marginal likelihood undefined), and prior probabilities must be positive.
    /// </summary>
    public static ModelComparison Create(IReadOnlyList<ComparedModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count < 2)
        {
            throw new InvalidInputException("models", string.Create(CultureInfo.InvariantCulture, $"a comparison needs at least 2 models, got {models.Count}"));
        }

        var first = models[0].Posterior.Model.Data;
        var logMarginal = new double[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"models[{m}]");
            var model = models[m];
            ArgumentNullException.ThrowIfNull(model);
            if (!double.IsFinite(model.PriorProbability) || model.PriorProbability <= 0)
            {
                throw new InvalidInputException($"{field}.prior_probability", "must be a finite number greater than 0");
            }

            var data = model.Posterior.Model.Data;
            if (!data.Yi.SequenceEqual(first.Yi) || !data.Vi.SequenceEqual(first.Vi))
            {
                throw new InvalidInputException(field, $"model '{model.Name}' was fitted to other data than model '{models[0].Name}'; Bayes factors compare fits to the same effects");
            }

            logMarginal[m] = model.Posterior.LogMarginalLikelihood
                ?? throw new InvalidInputException(field, $"model '{model.Name}' has a flat coefficient prior, so its marginal likelihood is undefined; give every coefficient a normal prior");
        }

        var priorTotal = models.Sum(m => m.PriorProbability);
        var best = logMarginal.Max();
        var posterior = PosteriorModelProbabilities.From(logMarginal, models.Select(m => m.PriorProbability).ToArray());
        var rows = models.Select((m, i) => new ModelComparisonRow(
            m.Name,
            logMarginal[i],
            logMarginal[i] - best,
            m.PriorProbability / priorTotal,
            posterior[i])).ToArray();
        return new ModelComparison(models.ToArray(), rows);
    }

    /// <summary>log BF of model <paramref name="numerator"/> against model <paramref name="denominator"/> (indices into <see cref="Rows"/>).</summary>
    public double LogBayesFactor(int numerator, int denominator) =>
        Rows[numerator].LogMarginalLikelihood - Rows[denominator].LogMarginalLikelihood;

    /// <summary>
    /// Averages the coefficient <paramref name="coefficient"/> (default the intercept, μ) over the models:
    /// the inclusion Bayes factor of the models that have it against those that fix it at 0, the
    /// posterior averaged over the models that have it, and over all models with a point mass at 0 for
    /// the others.
    /// </summary>
    public ModelAveragedEffect AverageEffect(string coefficient = DesignMatrix.InterceptName)
    {
        var with = new List<(double Probability, NormalMixture Mixture)>();
        double includedPrior = 0, includedPosterior = 0;
        for (var m = 0; m < models.Length; m++)
        {
            if (models[m].Posterior.CoefficientNames.Contains(coefficient, StringComparer.Ordinal))
            {
                includedPrior += Rows[m].PriorProbability;
                includedPosterior += Rows[m].PosteriorProbability;
                with.Add((Rows[m].PosteriorProbability, models[m].Posterior.Coefficient(coefficient)));
            }
        }

        if (with.Count == 0)
        {
            throw new InvalidInputException("coefficient", $"no compared model has the coefficient '{coefficient}'");
        }

        var conditional = NormalMixture.Combine(with);
        var logInclusion = includedPrior >= 1 || includedPosterior >= 1
            ? double.PositiveInfinity
            : Math.Log(includedPosterior / (1 - includedPosterior)) - Math.Log(includedPrior / (1 - includedPrior));
        return new ModelAveragedEffect(conditional, includedPosterior, includedPrior >= 1 ? double.NaN : logInclusion);
    }
}
