namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The model at fixed variance components: the Gaussian posterior of the coefficients and the marginal
/// likelihood p(y | σ_between, σ_within) with the coefficients integrated out.
/// </summary>
internal sealed class ConditionalMoments
{
    public ConditionalMoments(double between, double within, double logMarginalLikelihood, double[] mean, double[] covariance)
    {
        Between = between;
        Within = within;
        LogMarginalLikelihood = logMarginalLikelihood;
        Mean = mean;
        Covariance = covariance;
    }

    /// <summary>σ between clusters (0 in a two-level model).</summary>
    public double Between { get; }

    /// <summary>σ within clusters, τ in a two-level model.</summary>
    public double Within { get; }

    /// <summary>log p(y | variance components), the coefficients integrated over their prior.</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>Posterior mean of the coefficients given the variance components.</summary>
    public double[] Mean { get; }

    /// <summary>Posterior covariance of the coefficients given the variance components (p x p, row-major).</summary>
    public double[] Covariance { get; }

    /// <summary>x' C x for a design row <paramref name="row"/>.</summary>
    public double QuadraticForm(IReadOnlyList<double> row)
    {
        var p = Mean.Length;
        var sum = 0.0;
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                sum += row[i] * Covariance[(i * p) + j] * row[j];
            }
        }

        return sum;
    }

    /// <summary>x' b for a design row <paramref name="row"/>.</summary>
    public double LinearPredictor(IReadOnlyList<double> row)
    {
        var sum = 0.0;
        for (var i = 0; i < Mean.Length; i++)
        {
            sum += row[i] * Mean[i];
        }

        return sum;
    }
}
