using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>What a selection model's fit reads off its estimate: the coefficients with Wald inference and every δ's standard error.</summary>
internal static class SelectionEstimates
{
    /// <summary>
    /// From an estimate whose first parameters are <paramref name="design"/>'s coefficients and whose estimated δ
    /// (<paramref name="freeDeltas"/>, indices into the full δ vector of length <paramref name="deltaCount"/>)
    /// start at <paramref name="deltaOffset"/>: the coefficients at <paramref name="level"/>, and each δ's
    /// standard error (NaN for fixed ones).
    /// </summary>
    public static (CoefficientEstimate[] Coefficients, double[] DeltaStandardErrors) Read(
        double[] estimate, double[] standardErrors, double[,] covariance, DesignMatrix design, double level, IReadOnlyList<int> freeDeltas, int deltaCount, int deltaOffset)
    {
        var p = design.Columns;
        var betaCovariance = Matrix<double>.Build.Dense(p, p, (i, j) => covariance[i, j]);
        var coefficients = WaldInference.Coefficients(design.ColumnNames, estimate.Take(p).ToArray(), betaCovariance, level, null);
        var deltaSe = Enumerable.Repeat(double.NaN, deltaCount).ToArray();
        for (var f = 0; f < freeDeltas.Count; f++)
        {
            deltaSe[freeDeltas[f]] = standardErrors[deltaOffset + f];
        }

        return (coefficients, deltaSe);
    }
}
