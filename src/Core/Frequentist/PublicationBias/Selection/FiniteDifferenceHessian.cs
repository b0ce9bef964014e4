namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>A gradient evaluated at a point: writes ∇f(x) into the span and returns f(x).</summary>
internal delegate double GradientFunction(ReadOnlySpan<double> point, Span<double> gradient);

/// <summary>
/// The Hessian of a function whose gradient is known analytically, as the Jacobian of that gradient by
/// central differences with one Richardson extrapolation (error O(h⁴)), symmetrized.
/// </summary>
/// <remarks>
/// Differentiating an exact gradient once loses far fewer digits than differencing the function twice (as
/// numDeriv's <c>hessian</c>, which metafor uses, does with more extrapolation steps); both reach the same
/// Hessian to ~1e-8 relative, well inside what the standard errors need.
/// </remarks>
internal static class FiniteDifferenceHessian
{
    /// <summary>The Hessian at <paramref name="point"/> with step <paramref name="steps"/>[j] along coordinate j.</summary>
    public static double[,] Compute(GradientFunction gradient, IReadOnlyList<double> point, IReadOnlyList<double> steps)
    {
        var n = point.Count;
        var hessian = new double[n, n];
        var shifted = point.ToArray();
        var plus = new double[n];
        var minus = new double[n];
        var coarse = new double[n];
        for (var j = 0; j < n; j++)
        {
            foreach (var (h, fine) in new[] { (steps[j], false), (steps[j] / 2, true) })
            {
                shifted[j] = point[j] + h;
                gradient(shifted, plus);
                shifted[j] = point[j] - h;
                gradient(shifted, minus);
                shifted[j] = point[j];
                for (var i = 0; i < n; i++)
                {
                    var difference = (plus[i] - minus[i]) / (2 * h);
                    if (fine)
                    {
                        hessian[i, j] = ((4 * difference) - coarse[i]) / 3;
                    }
                    else
                    {
                        coarse[i] = difference;
                    }
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var mean = (hessian[i, j] + hessian[j, i]) / 2;
                hessian[i, j] = mean;
                hessian[j, i] = mean;
            }
        }

        return hessian;
    }
}
