using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The (restricted) log-likelihood of the three-level model y ~ N(Xβ, V) with
/// V = S + σ²_between·(same-cluster indicator) + σ²_within·I, S the sampling covariance (diag(vi), or
/// block-diagonal by cluster when effects of a cluster have correlated errors), with β profiled out by
/// generalized least squares, and its first and second derivatives in (σ²_between, σ²_within).
/// </summary>
/// <remarks>
/// V is block-diagonal by cluster and each block is A⁻¹ + σ²_between 11' with A = (S_j + σ²_within I)⁻¹
/// (<see cref="WithinClusterInverse"/>: diagonal for uncorrelated errors), so by Sherman-Morrison
/// V_j⁻¹ = A - c s s' with s = A1, c = σ²_between / (1 + σ²_between 1's) and
/// log|V_j| = log|S_j + σ²_within I| + log(1 + σ²_between 1's).
/// Every quantity below is a sum over clusters of O(n_j p²) work (O(n_j² p) for a correlated block): no
/// k x k matrix is ever formed.
/// The log-likelihoods include every constant, as metafor's logLik reports them:
/// ML: -k/2 log 2π - 1/2 log|V| - 1/2 r'V⁻¹r;
/// REML: -(k-p)/2 log 2π + 1/2 log|X'X| - 1/2 log|V| - 1/2 log|X'V⁻¹X| - 1/2 r'V⁻¹r.
/// </remarks>
public sealed class ThreeLevelLikelihood
{
    private readonly Block[] blocks;
    private readonly Matrix<double> triangular;
    private readonly EigenbasisLogLikelihood fast;

    /// <summary>
    /// Prepares the per-cluster blocks of <paramref name="data"/> and <paramref name="design"/>, with
    /// uncorrelated sampling errors (S = diag(vi)) unless <paramref name="samplingCovariance"/> is given.
    /// Throws <see cref="InvalidInputException"/> naming <c>cluster</c> or <c>moderators</c> when their
    /// lengths differ from k, and <c>V</c> when the sampling covariance is grouped by other clusters or its
    /// diagonal is not vi.
    /// </summary>
    public ThreeLevelLikelihood(EffectData data, EffectClusters clusters, DesignMatrix design, SamplingCovariance? samplingCovariance = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(design);
        if (clusters.EffectCount != data.K)
        {
            throw new InvalidInputException("cluster", $"has {clusters.EffectCount} values but yi has {data.K}");
        }

        RequireMatching(data, clusters, samplingCovariance);

        if (design.Rows != data.K)
        {
            throw new InvalidInputException("moderators", $"have {design.Rows} rows but yi has {data.K}");
        }

        EffectCount = data.K;
        CoefficientCount = design.Columns;

        // The likelihood depends on X only through its column space, so it is computed with the
        // orthonormal Q of X = QR: raw covariates such as a calendar year next to the intercept make
        // X'V⁻¹X nearly singular, while Q'V⁻¹Q is as well conditioned as V. b and its covariance are
        // mapped back through R.
        var qr = design.X.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var q = qr.Q;
        triangular = qr.R;
        blocks = clusters.Members
            .Select((m, j) => new Block(
                m.ToArray(),
                m.Select(i => data.Yi[i]).ToArray(),
                m.Select(i => data.Vi[i]).ToArray(),
                m.Select(i => Enumerable.Range(0, design.Columns).Select(c => q[i, c]).ToArray()).ToArray(),
                samplingCovariance?.Block(j)))
            .ToArray();
        fast = new EigenbasisLogLikelihood(blocks.Select(b => (b.Y, b.X, b.V, b.Correlated)).ToArray(), CoefficientCount);
    }

    /// <summary>Number of effects k.</summary>
    public int EffectCount { get; }

    /// <summary>Number of coefficients p.</summary>
    public int CoefficientCount { get; }

    /// <summary>Whether some cluster's sampling errors are correlated (S is not diagonal).</summary>
    public bool HasCorrelatedErrors => blocks.Any(b => b.Correlated is not null);

    /// <summary>
    /// The generalized least-squares fit and the log-likelihoods at fixed variance components — the
    /// conditional model that every estimate (and the exact Bayesian engine) is built on.
    /// </summary>
    public ThreeLevelConditionalFit Condition(double sigma2Between, double sigma2Within)
    {
        var state = Compute(sigma2Between, sigma2Within);
        var p = CoefficientCount;

        // With X = QR: b = R⁻¹ b_Q and (X'V⁻¹X)⁻¹ = R⁻¹ (Q'V⁻¹Q)⁻¹ R⁻ᵀ.
        var inverseR = triangular.Solve(Matrix<double>.Build.DenseIdentity(p));
        var beta = inverseR * Vector<double>.Build.Dense(state.Beta);
        var covariance = inverseR * Matrix<double>.Build.DenseOfArray(state.Bread) * inverseR.Transpose();
        return new ThreeLevelConditionalFit(
            sigma2Between,
            sigma2Within,
            beta.ToArray(),
            0.5 * (covariance + covariance.Transpose()),
            state.ResidualQuadraticForm,
            LogLikelihood(state, restricted: false),
            LogLikelihood(state, restricted: true));
    }

    /// <summary>The log-likelihood (restricted when <paramref name="restricted"/>) at the given components.</summary>
    /// <remarks>Computed in one pass in each block's eigenbasis (<see cref="EigenbasisLogLikelihood"/>); the full computation decides only where X'V⁻¹X is numerically singular.</remarks>
    public double LogLikelihood(double sigma2Between, double sigma2Within, bool restricted) =>
        fast.LogLikelihood(sigma2Between, sigma2Within, restricted) ?? LogLikelihood(Compute(sigma2Between, sigma2Within), restricted);

    /// <summary>
    /// Log-likelihood, gradient, observed Hessian and expected (Fisher) information with respect to
    /// (σ²_between, σ²_within).
    /// </summary>
    /// <remarks>
    /// With Q = V⁻¹ (ML) or Q = P = V⁻¹ - V⁻¹X(X'V⁻¹X)⁻¹X'V⁻¹ (REML), V_b = ZZ' and V_w = I:
    /// gradient g_k = 1/2 (y'P V_k P y - tr(Q V_k)), Fisher F_kl = 1/2 tr(Q V_k Q V_l),
    /// Hessian H_kl = F_kl - y'P V_k P V_l P y (the profile likelihood's, since ∂P = -P V_k P).
    /// </remarks>
    public ThreeLevelDerivatives Derivatives(double sigma2Between, double sigma2Within, bool restricted)
    {
        var state = Compute(sigma2Between, sigma2Within);
        var p = CoefficientCount;
        var m = state.Bread;

        // Traces against V⁻¹, then the REML corrections through B = V⁻¹X.
        double traceB = 0, traceW = 0, tBB = 0, tBW = 0, tWW = 0;

        // Quadratic forms in q = V⁻¹r = P y and u_b = ZZ'q, u_w = q.
        double quadB = 0, quadW = 0, sBB = 0, sBW = 0, sWW = 0;
        var projectionB = new double[p];
        var projectionW = new double[p];

        // p x p accumulators for the REML corrections.
        var crossB = new double[p, p];
        var crossW = new double[p, p];
        double correctionTraceB = 0, correctionTraceW = 0, correctionBB = 0, correctionBW = 0, correctionWW = 0;

        for (var j = 0; j < blocks.Length; j++)
        {
            var block = blocks[j];
            var w = state.Blocks[j];
            var inverse = w.Inverse;
            var s = inverse.RowSums;
            var n = block.Size;
            double sumS2 = 0, sumQ = 0, sumSQ = 0, sumQ2 = 0;
            double traceOfSquare, sAs, qAq;
            if (inverse.DiagonalEntries is { } diagonal)
            {
                // A = diag(a) and s = a: tr A² = Σa², s'As = Σa³, q'Aq = Σaq², all in the one pass.
                double sumA3 = 0, sumAQ2 = 0;
                for (var i = 0; i < n; i++)
                {
                    var (a, q) = (diagonal[i], w.Q[i]);
                    sumS2 += a * a;
                    sumA3 += a * a * a;
                    sumQ += q;
                    sumSQ += a * q;
                    sumQ2 += q * q;
                    sumAQ2 += a * q * q;
                }

                (traceOfSquare, sAs, qAq) = (sumS2, sumA3, sumAQ2);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var q = w.Q[i];
                    sumS2 += s[i] * s[i];
                    sumQ += q;
                    sumSQ += s[i] * q;
                    sumQ2 += q * q;
                }

                (traceOfSquare, sAs, qAq) = (inverse.TraceOfSquare(), inverse.Quadratic(s, s), inverse.Quadratic(w.Q, w.Q));
            }

            // With V_j⁻¹ = A - c s s': tr(V_j⁻¹) = tr A - c s's, tr(V_j⁻²) = tr A² - 2c s'As + c²(s's)²,
            // V_j⁻¹1 = s/d, and q'V_j⁻¹q = q'Aq - c (s'q)².
            var e = inverse.Sum / w.D;
            traceB += e;
            traceW += inverse.Trace() - (w.C * sumS2);
            tBB += e * e;
            tBW += sumS2 / (w.D * w.D);
            tWW += traceOfSquare - (2 * w.C * sAs) + (w.C * w.C * sumS2 * sumS2);

            quadB += sumQ * sumQ;
            quadW += sumQ2;
            sBB += sumQ * sumQ * e;
            sBW += sumQ * sumSQ / w.D;
            sWW += qAq - (w.C * sumSQ * sumSQ);

            // h = B'1 = X'V⁻¹1, g = B's, B'q.
            var h = w.H;
            var g = new double[p];
            var bq = new double[p];
            for (var i = 0; i < n; i++)
            {
                var row = w.B[i];
                for (var c = 0; c < p; c++)
                {
                    g[c] += row[c] * s[i];
                    bq[c] += row[c] * w.Q[i];
                }
            }

            for (var c = 0; c < p; c++)
            {
                projectionB[c] += sumQ * h[c];
                projectionW[c] += bq[c];
            }

            if (!restricted)
            {
                continue;
            }

            var hMh = QuadraticForm(m, h, h);
            correctionTraceB += hMh;
            correctionBB += e * hMh;
            correctionBW += QuadraticForm(m, g, h) / w.D;

            // tr(M B'V_j⁻¹B) = tr(M B'AB) - c g'Mg, with tr(M B'AB) = Σ a_i b_i'Mb_i when A is diagonal.
            correctionWW -= w.C * QuadraticForm(m, g, g);
            var ab = inverse.DiagonalEntries is null ? inverse.Times(w.B, p) : null;
            for (var i = 0; i < n; i++)
            {
                var row = w.B[i];
                var bMb = QuadraticForm(m, row, row);
                correctionTraceW += bMb;
                correctionWW += ab is null ? inverse.DiagonalEntries![i] * bMb : QuadraticForm(m, ab[i], row);
                for (var r = 0; r < p; r++)
                {
                    for (var c = 0; c < p; c++)
                    {
                        crossW[r, c] += row[r] * row[c];
                    }
                }
            }

            for (var r = 0; r < p; r++)
            {
                for (var c = 0; c < p; c++)
                {
                    crossB[r, c] += h[r] * h[c];
                }
            }
        }

        if (restricted)
        {
            traceB -= correctionTraceB;
            traceW -= correctionTraceW;
            var mcB = Multiply(m, crossB);
            var mcW = Multiply(m, crossW);
            tBB += -(2 * correctionBB) + TraceOfProduct(mcB, mcB);
            tBW += -(2 * correctionBW) + TraceOfProduct(mcB, mcW);
            tWW += -(2 * correctionWW) + TraceOfProduct(mcW, mcW);
        }

        sBB -= QuadraticForm(m, projectionB, projectionB);
        sBW -= QuadraticForm(m, projectionB, projectionW);
        sWW -= QuadraticForm(m, projectionW, projectionW);

        var gradient = new[] { 0.5 * (quadB - traceB), 0.5 * (quadW - traceW) };
        var fisher = new[,] { { 0.5 * tBB, 0.5 * tBW }, { 0.5 * tBW, 0.5 * tWW } };
        var hessian = new[,] { { fisher[0, 0] - sBB, fisher[0, 1] - sBW }, { fisher[1, 0] - sBW, fisher[1, 1] - sWW } };
        return new ThreeLevelDerivatives(LogLikelihood(state, restricted), gradient, hessian, fisher);
    }

    /// <summary>
    /// Predicted random effects (BLUPs) and their prediction standard errors at the given components:
    /// the cluster effects σ²_b 1'V_j⁻¹r_j and the within-cluster effects σ²_w (V_j⁻¹r_j)_i.
    /// </summary>
    /// <remarks>
    /// The standard errors are sqrt(D - D Z'PZ D), the variance of the prediction error that also
    /// accounts for estimating β, as metafor's ranef reports them.
    /// </remarks>
    internal (double[] Cluster, double[] ClusterSe, double[] Within, double[] WithinSe) RandomEffects(double sigma2Between, double sigma2Within)
    {
        var state = Compute(sigma2Between, sigma2Within);
        var m = state.Bread;
        var cluster = new double[blocks.Length];
        var clusterSe = new double[blocks.Length];
        var within = new double[EffectCount];
        var withinSe = new double[EffectCount];
        for (var j = 0; j < blocks.Length; j++)
        {
            var block = blocks[j];
            var w = state.Blocks[j];
            var sumQ = w.Q.Sum();
            cluster[j] = sigma2Between * sumQ;
            var zpz = (w.Inverse.Sum / w.D) - QuadraticForm(m, w.H, w.H);
            clusterSe[j] = Math.Sqrt(Math.Max(0, sigma2Between - (sigma2Between * sigma2Between * zpz)));
            for (var i = 0; i < block.Size; i++)
            {
                var effect = block.Rows[i];
                within[effect] = sigma2Within * w.Q[i];
                var s = w.Inverse.RowSums[i];
                var pii = w.Inverse.Entry(i, i) - (w.C * s * s) - QuadraticForm(m, w.B[i], w.B[i]);
                withinSe[effect] = Math.Sqrt(Math.Max(0, sigma2Within - (sigma2Within * sigma2Within * pii)));
            }
        }

        return (cluster, clusterSe, within, withinSe);
    }

    // With Q of X = QR in place of X, log|X'X| - log|X'V⁻¹X| = log|Q'Q| - log|Q'V⁻¹Q| = -log|Q'V⁻¹Q|:
    // log|Q'Q| = 0 stands for log|X'X|, so metafor's constant ½ log|X'X| is kept.
    private double LogLikelihood(State state, bool restricted) =>
        restricted
            ? Frequentist.LogLikelihood.Restricted(EffectCount, CoefficientCount, state.LogDeterminantV, 0.0, state.LogDeterminantInformation, state.ResidualQuadraticForm)
            : Frequentist.LogLikelihood.Full(EffectCount, state.LogDeterminantV, state.ResidualQuadraticForm);

    private State Compute(double sigma2Between, double sigma2Within)
    {
        var p = CoefficientCount;
        var information = new double[p, p];
        var score = new double[p];
        var work = new BlockState[blocks.Length];
        var logDetV = 0.0;
        for (var j = 0; j < blocks.Length; j++)
        {
            var block = blocks[j];
            var n = block.Size;
            var inverse = block.Correlated is { } correlated
                ? WithinClusterInverse.Correlated(correlated, sigma2Within)
                : WithinClusterInverse.Diagonal(block.V, sigma2Within);
            logDetV += inverse.LogDeterminant;
            var s = inverse.RowSums;

            var d = 1 + (sigma2Between * inverse.Sum);
            var c = sigma2Between / d;
            logDetV += Math.Log(d);

            // B_j = V_j⁻¹ X_j = A X_j - c s (s'X_j).
            var sx = new double[p];
            for (var i = 0; i < n; i++)
            {
                for (var col = 0; col < p; col++)
                {
                    sx[col] += s[i] * block.X[i][col];
                }
            }

            var b = inverse.Times(block.X, p);
            var h = new double[p];
            for (var i = 0; i < n; i++)
            {
                var row = b[i];
                for (var col = 0; col < p; col++)
                {
                    row[col] -= c * s[i] * sx[col];
                    h[col] += row[col];
                }

                for (var r = 0; r < p; r++)
                {
                    score[r] += row[r] * block.Y[i];
                    for (var col = 0; col < p; col++)
                    {
                        information[r, col] += block.X[i][r] * row[col];
                    }
                }
            }

            work[j] = new BlockState(inverse, d, c, b, h, new double[n]);
        }

        var informationMatrix = Matrix<double>.Build.Dense(p, p, (r, col) => 0.5 * (information[r, col] + information[col, r]));
        var cholesky = informationMatrix.Cholesky();
        var bread = cholesky.Solve(Matrix<double>.Build.DenseIdentity(p));
        var beta = cholesky.Solve(Vector<double>.Build.Dense(score));
        var breadArray = bread.ToArray();
        var betaArray = beta.ToArray();

        var rss = 0.0;
        for (var j = 0; j < blocks.Length; j++)
        {
            var block = blocks[j];
            var w = work[j];
            var s = w.Inverse.RowSums;
            var residual = new double[block.Size];
            var sDotR = 0.0;
            for (var i = 0; i < block.Size; i++)
            {
                var fitted = 0.0;
                for (var col = 0; col < p; col++)
                {
                    fitted += block.X[i][col] * betaArray[col];
                }

                residual[i] = block.Y[i] - fitted;
                sDotR += s[i] * residual[i];
            }

            // q = V_j⁻¹ r = A r - c s (s'r).
            var ar = w.Inverse.DiagonalEntries is null ? w.Inverse.Times(residual) : null;
            for (var i = 0; i < block.Size; i++)
            {
                var aR = ar is null ? s[i] * residual[i] : ar[i];
                w.Q[i] = aR - (w.C * s[i] * sDotR);
                rss += residual[i] * w.Q[i];
            }
        }

        return new State(work, breadArray, betaArray, rss, logDetV, cholesky.DeterminantLn);
    }

    private static void RequireMatching(EffectData data, EffectClusters clusters, SamplingCovariance? samplingCovariance)
    {
        if (samplingCovariance is null)
        {
            return;
        }

        var grouping = samplingCovariance.Clusters;
        var sameClusters = grouping.EffectCount == clusters.EffectCount
            && Enumerable.Range(0, clusters.EffectCount).All(i => grouping.ClusterOf(i) == clusters.ClusterOf(i));
        if (!sameClusters)
        {
            throw new InvalidInputException("V", "is grouped by other clusters than the model's");
        }

        for (var i = 0; i < data.K; i++)
        {
            var (vi, diagonal) = (data.Vi[i], samplingCovariance.Variances[i]);
            if (Math.Abs(vi - diagonal) > 1e-12 * Math.Abs(vi))
            {
                throw new InvalidInputException(Guard.Element("V", i), $"has the variance {diagonal.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} on the diagonal but vi is {vi.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static double QuadraticForm(double[,] m, double[] x, double[] y)
    {
        var total = 0.0;
        var n = x.Length;
        for (var r = 0; r < n; r++)
        {
            var row = 0.0;
            for (var c = 0; c < n; c++)
            {
                row += m[r, c] * y[c];
            }

            total += x[r] * row;
        }

        return total;
    }

    private static double[,] Multiply(double[,] left, double[,] right)
    {
        var n = left.GetLength(0);
        var result = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sum += left[r, i] * right[i, c];
                }

                result[r, c] = sum;
            }
        }

        return result;
    }

    private static double TraceOfProduct(double[,] left, double[,] right)
    {
        var n = left.GetLength(0);
        var total = 0.0;
        for (var r = 0; r < n; r++)
        {
            for (var i = 0; i < n; i++)
            {
                total += left[r, i] * right[i, r];
            }
        }

        return total;
    }

    /// <summary>One cluster's data: row indices, effects, variances, design rows and, when its errors are correlated, its sampling covariance.</summary>
    private sealed record Block(int[] Rows, double[] Y, double[] V, double[][] X, CorrelatedBlock? Correlated)
    {
        public int Size => Rows.Length;
    }

    /// <summary>One cluster's pieces of V⁻¹ at given components: A = (S_j + σ²_w I)⁻¹, d = 1 + σ²_b 1'A1, c = σ²_b / d, B = V⁻¹X, h = B'1, q = V⁻¹r.</summary>
    private sealed record BlockState(WithinClusterInverse Inverse, double D, double C, double[][] B, double[] H, double[] Q);

    private sealed record State(BlockState[] Blocks, double[,] Bread, double[] Beta, double ResidualQuadraticForm, double LogDeterminantV, double LogDeterminantInformation);
}
