using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// Weighted least squares of y on X with a diagonal weight matrix A = diag(a), and the pieces of the
/// residual projection P = A - A X (X'AX)⁻¹ X'A that every τ² estimator, test and fit statistic uses.
/// </summary>
/// <remarks>
/// <para>
/// The fit is a Householder QR decomposition of A^½X = QR (as metafor's QR-based inverse), so that
/// designs with nearly collinear columns (an intercept next to publication years) keep their accuracy,
/// which forming and factoring X'AX would square away. With Q thin (k x p), P = A^½(I - QQ')A^½, and
/// for diagonal D₁, D₂ with F = AD₁, G = AD₂:
/// tr(P D₁ P D₂) = Σ fᵢgᵢ(1 - 2lᵢ) + tr((Q'FQ)(Q'GQ)), lᵢ = ‖qᵢ‖² the leverages.
/// Every trace is thus O(kp²) and no k x k matrix is ever formed.
/// </para>
/// <para>
/// All buffers are allocated once, so the iterations of an estimator allocate nothing. An instance is
/// not thread-safe; each fit owns its own.
/// </para>
/// </remarks>
internal sealed class WeightedProjection
{
    private readonly double[] y;
    private readonly double[] x;
    private readonly double[] weights;
    private readonly double[] sqrtWeights;
    private readonly double[] reflectors;
    private readonly double[] reflectorScales;
    private readonly double[] r;
    private readonly double[] q;
    private readonly double[] qty;
    private readonly double[] beta;
    private readonly double[] leverage;
    private readonly double[] sandwichF;
    private readonly double[] sandwichG;
    private readonly double[] ones;

    /// <summary>Creates the workspace for <paramref name="y"/> (k) and the column-major k x p design <paramref name="xColumnMajor"/>.</summary>
    public WeightedProjection(double[] y, double[] xColumnMajor, int p)
    {
        this.y = y;
        x = xColumnMajor;
        K = y.Length;
        P = p;
        weights = new double[K];
        sqrtWeights = new double[K];
        reflectors = new double[K * p];
        reflectorScales = new double[p];
        r = new double[p * p];
        q = new double[K * p];
        qty = new double[p];
        beta = new double[p];
        leverage = new double[K];
        sandwichF = new double[p * p];
        sandwichG = new double[p * p];
        ones = new double[K];
        Array.Fill(ones, 1.0);
    }

    /// <summary>Number of effects.</summary>
    public int K { get; }

    /// <summary>Number of coefficients.</summary>
    public int P { get; }

    /// <summary>The weights of the last <see cref="Update"/>.</summary>
    public ReadOnlySpan<double> Weights => weights;

    /// <summary>Ones, for traces with an identity factor.</summary>
    public ReadOnlySpan<double> Ones => ones;

    /// <summary>b = (X'AX)⁻¹X'Ay.</summary>
    public ReadOnlySpan<double> Beta => beta;

    /// <summary>Leverages lᵢ = aᵢ xᵢ'(X'AX)⁻¹xᵢ, the diagonal of the hat matrix X(X'AX)⁻¹X'A.</summary>
    public ReadOnlySpan<double> Leverage => leverage;

    /// <summary>Σ aᵢ.</summary>
    public double SumOfWeights { get; private set; }

    /// <summary>Σ aᵢ².</summary>
    public double SumOfSquaredWeights { get; private set; }

    /// <summary>y'Py = Σ aᵢ (yᵢ - xᵢ'b)², Cochran's Q when a = 1/v.</summary>
    public double ResidualQuadraticForm { get; private set; }

    /// <summary>y'PPy = Σ aᵢ² (yᵢ - xᵢ'b)², the quadratic form of the likelihood scores.</summary>
    public double ProjectedQuadraticForm { get; private set; }

    /// <summary>tr(P) = Σ aᵢ (1 - lᵢ).</summary>
    public double TraceP { get; private set; }

    /// <summary>log det(X'AX).</summary>
    public double LogDeterminantOfInformation { get; private set; }

    /// <summary>Refits with weights <paramref name="newWeights"/> (all positive and finite).</summary>
    public void Update(ReadOnlySpan<double> newWeights)
    {
        var k = K;
        var p = P;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < k; i++)
        {
            var a = newWeights[i];
            weights[i] = a;
            sqrtWeights[i] = Math.Sqrt(a);
            sum += a;
            sumSquares += a * a;
        }

        SumOfWeights = sum;
        SumOfSquaredWeights = sumSquares;
        Factor();
        FormQ();

        for (var j = 0; j < p; j++)
        {
            var column = j * k;
            var s = 0.0;
            for (var i = 0; i < k; i++)
            {
                s += q[column + i] * sqrtWeights[i] * y[i];
            }

            qty[j] = s;
        }

        for (var j = p - 1; j >= 0; j--)
        {
            var s = qty[j];
            for (var c = j + 1; c < p; c++)
            {
                s -= r[(j * p) + c] * beta[c];
            }

            beta[j] = s / r[(j * p) + j];
        }

        double rss = 0, projected = 0, traceP = 0;
        for (var i = 0; i < k; i++)
        {
            // The weighted residual A^½y - QQ'A^½y is taken from the projection rather than from
            // y - Xb so that it stays accurate when X is ill-conditioned.
            var fitted = 0.0;
            var l = 0.0;
            for (var j = 0; j < p; j++)
            {
                var qij = q[(j * k) + i];
                fitted += qij * qty[j];
                l += qij * qij;
            }

            var e = (sqrtWeights[i] * y[i]) - fitted;
            leverage[i] = l;
            rss += e * e;
            projected += weights[i] * e * e;
            traceP += weights[i] * (1.0 - l);
        }

        ResidualQuadraticForm = rss;
        ProjectedQuadraticForm = projected;
        TraceP = traceP;
        var logDet = 0.0;
        for (var j = 0; j < p; j++)
        {
            logDet += Math.Log(Math.Abs(r[(j * p) + j]));
        }

        LogDeterminantOfInformation = 2.0 * logDet;
    }

    /// <summary>Refits with weights 1/(vᵢ + τ²).</summary>
    public void UpdateForTau2(ReadOnlySpan<double> vi, double tau2, Span<double> scratch)
    {
        for (var i = 0; i < K; i++)
        {
            scratch[i] = 1.0 / (vi[i] + tau2);
        }

        Update(scratch);
    }

    /// <summary>tr(PD) for D = diag(<paramref name="d"/>).</summary>
    public double Trace(ReadOnlySpan<double> d)
    {
        var sum = 0.0;
        for (var i = 0; i < K; i++)
        {
            sum += weights[i] * d[i] * (1.0 - leverage[i]);
        }

        return sum;
    }

    /// <summary>tr(P D₁ P D₂) for D₁ = diag(<paramref name="d1"/>), D₂ = diag(<paramref name="d2"/>); tr(PP) with both <see cref="Ones"/>.</summary>
    public double TraceOfProduct(ReadOnlySpan<double> d1, ReadOnlySpan<double> d2)
    {
        var k = K;
        var p = P;
        var diagonal = 0.0;
        for (var i = 0; i < k; i++)
        {
            var a = weights[i];
            diagonal += a * d1[i] * a * d2[i] * (1.0 - (2.0 * leverage[i]));
        }

        Sandwich(d1, sandwichF);
        Sandwich(d2, sandwichG);
        var cross = 0.0;
        for (var m = 0; m < p * p; m++)
        {
            cross += sandwichF[m] * sandwichG[m];
        }

        return diagonal + cross;
    }

    /// <summary>Writes (X'AX)⁻¹ = R⁻¹R⁻ᵀ into the row-major p x p <paramref name="target"/>.</summary>
    public void CovarianceInto(Span<double> target)
    {
        var p = P;
        Span<double> inverse = p <= 16 ? stackalloc double[p * p] : new double[p * p];
        inverse.Clear();
        for (var j = p - 1; j >= 0; j--)
        {
            inverse[(j * p) + j] = 1.0 / r[(j * p) + j];
            for (var c = j + 1; c < p; c++)
            {
                var s = 0.0;
                for (var m = j + 1; m <= c; m++)
                {
                    s += r[(j * p) + m] * inverse[(m * p) + c];
                }

                inverse[(j * p) + c] = -s / r[(j * p) + j];
            }
        }

        for (var a = 0; a < p; a++)
        {
            for (var b = a; b < p; b++)
            {
                var s = 0.0;
                for (var c = b; c < p; c++)
                {
                    s += inverse[(a * p) + c] * inverse[(b * p) + c];
                }

                target[(a * p) + b] = s;
                target[(b * p) + a] = s;
            }
        }
    }

    private void Factor()
    {
        var k = K;
        var p = P;
        for (var j = 0; j < p; j++)
        {
            var column = j * k;
            for (var i = 0; i < k; i++)
            {
                reflectors[column + i] = sqrtWeights[i] * x[column + i];
            }
        }

        for (var j = 0; j < p; j++)
        {
            var column = j * k;
            var normSquared = 0.0;
            for (var i = j; i < k; i++)
            {
                normSquared += reflectors[column + i] * reflectors[column + i];
            }

            var norm = Math.Sqrt(normSquared);
            if (norm == 0)
            {
                throw RankDeficient(j);
            }

            // The sign choice keeps x₀ - α free of cancellation; then v'v = 2(‖x‖² - α x₀).
            var leading = reflectors[column + j];
            var alpha = leading > 0 ? -norm : norm;
            reflectors[column + j] = leading - alpha;
            reflectorScales[j] = 1.0 / (normSquared - (alpha * leading));
            r[(j * p) + j] = alpha;
            for (var c = j + 1; c < p; c++)
            {
                Reflect(j, reflectors, c * k);
                r[(j * p) + c] = reflectors[(c * k) + j];
            }
        }

        // A column whose remainder after projecting out the earlier ones is at rounding level makes the
        // weighted design rank-deficient (it happens when a subset drops the only effect of a level).
        for (var j = 0; j < p; j++)
        {
            var columnNorm = 0.0;
            for (var i = 0; i < k; i++)
            {
                var value = sqrtWeights[i] * x[(j * k) + i];
                columnNorm += value * value;
            }

            if (Math.Abs(r[(j * p) + j]) <= 1e-10 * Math.Sqrt(columnNorm))
            {
                throw RankDeficient(j);
            }
        }
    }

    private void FormQ()
    {
        var k = K;
        var p = P;
        Array.Clear(q);
        for (var j = 0; j < p; j++)
        {
            q[(j * k) + j] = 1.0;
        }

        // Q = H₀H₁…H_{p-1}[I; 0]: the reflectors applied in reverse order to the first p unit columns
        // (column c is still zero in the rows a reflector j > c acts on, so those products are skipped).
        for (var j = p - 1; j >= 0; j--)
        {
            for (var c = j; c < p; c++)
            {
                Reflect(j, q, c * k);
            }
        }
    }

    /// <summary>Applies the Householder reflector I - τⱼvⱼvⱼ' to rows j..k-1 of the column at <paramref name="offset"/> of <paramref name="target"/>.</summary>
    private void Reflect(int j, double[] target, int offset)
    {
        var k = K;
        var column = j * k;
        var s = 0.0;
        for (var i = j; i < k; i++)
        {
            s += reflectors[column + i] * target[offset + i];
        }

        s *= reflectorScales[j];
        for (var i = j; i < k; i++)
        {
            target[offset + i] -= s * reflectors[column + i];
        }
    }

    private void Sandwich(ReadOnlySpan<double> d, double[] target)
    {
        // Q' diag(a d) Q, symmetric p x p.
        var k = K;
        var p = P;
        for (var a = 0; a < p; a++)
        {
            for (var b = a; b < p; b++)
            {
                var s = 0.0;
                for (var i = 0; i < k; i++)
                {
                    s += weights[i] * d[i] * q[(a * k) + i] * q[(b * k) + i];
                }

                target[(a * p) + b] = s;
                target[(b * p) + a] = s;
            }
        }
    }

    private static InvalidInputException RankDeficient(int column) =>
        new("moderators", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"coefficient {column + 1} cannot be estimated from these effects (the design is rank-deficient)"));
}
