using System.Globalization;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The regression part xᵢᵀβ shared by the Gaussian hierarchical models: the design flattened for fast
/// row access, a normal prior per coefficient, and the coefficients' output names (<c>mu</c> for the
/// intercept alone, <c>beta[column]</c> with moderators).
/// </summary>
internal sealed class FixedEffects
{
    private readonly double[] x;
    private readonly NormalPrior[] priors;

    public FixedEffects(int k, DesignMatrix? design, NormalPrior interceptPrior, NormalPrior? slopePrior)
    {
        design ??= DesignMatrix.InterceptOnly(k);
        if (design.Rows != k)
        {
            throw new InvalidInputException("moderators", $"the design has {design.Rows} rows but yi has {k}");
        }

        if (design.HasModerators && slopePrior is null)
        {
            throw new InvalidInputException("priors.slopes", "is required when the model has moderators");
        }

        Design = design;
        Count = design.Columns;
        x = new double[k * Count];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < Count; j++)
            {
                x[(i * Count) + j] = design.X[i, j];
            }
        }

        priors = Enumerable.Range(0, Count)
            .Select(j => j == 0 && design.HasIntercept ? interceptPrior : slopePrior ?? interceptPrior)
            .ToArray();
        Names = design.HasModerators ? design.ColumnNames.Select(n => $"beta[{n}]").ToArray() : ["mu"];
    }

    /// <summary>The design.</summary>
    public DesignMatrix Design { get; }

    /// <summary>Number of coefficients p (the first p unconstrained coordinates).</summary>
    public int Count { get; }

    /// <summary>Output names of the coefficients.</summary>
    public string[] Names { get; }

    /// <summary>Σⱼ log prior(βⱼ); writes each prior's derivative into the first p gradient entries.</summary>
    public double LogPrior(ReadOnlySpan<double> coefficients, Span<double> gradient)
    {
        var lp = 0.0;
        for (var j = 0; j < Count; j++)
        {
            lp += priors[j].LogDensity(coefficients[j]);
            gradient[j] = priors[j].LogDensityDerivative(coefficients[j]);
        }

        return lp;
    }

    /// <summary>xᵢᵀβ.</summary>
    public double Predict(ReadOnlySpan<double> coefficients, int row)
    {
        var eta = 0.0;
        var offset = row * Count;
        for (var j = 0; j < Count; j++)
        {
            eta += x[offset + j] * coefficients[j];
        }

        return eta;
    }

    /// <summary>Adds weight · xᵢ to the first p gradient entries (the chain rule through xᵢᵀβ).</summary>
    public void AddGradient(int row, double weight, Span<double> gradient)
    {
        var offset = row * Count;
        for (var j = 0; j < Count; j++)
        {
            gradient[j] += weight * x[offset + j];
        }
    }

    /// <summary>Names <c>name[1]</c> ... <c>name[count]</c>.</summary>
    public static string[] Indexed(string name, int count) =>
        Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]")).ToArray();
}
