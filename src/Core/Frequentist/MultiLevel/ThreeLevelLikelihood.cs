using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The (restricted) log-likelihood of the three-level model y ~ N(Xβ, V) with
/// V = diag(vi) + σ²_between·(same-cluster indicator) + σ²_within·I, with β profiled out by
/// generalized least squares, and its first and second derivatives in (σ²_between, σ²_within).
/// </summary>
/// <remarks>
/// V is block-diagonal by cluster and each block is diag(1/a) + σ²_between 11' with
/// a_i = 1/(vi + σ²_within), so by Sherman-Morrison V_j⁻¹ = diag(a) - c a a' with
/// c = σ²_between / (1 + σ²_between Σa) and log|V_j| = Σ log(vi + σ²_within) + log(1 + σ²_between Σa).
/// Every quantity below is a sum over clusters of O(n_j p²) work: no k x k matrix is ever formed.
/// The log-likelihoods include every constant, as metafor's logLik reports them:
/// ML: -k/2 log 2π - 1/2 log|V| - 1/2 r'V⁻¹r;
/// REML: -(k-p)/2 log 2π + 1/2 log|X'X| - 1/2 log|V| - 1/2 log|X'V⁻¹X| - 1/2 r'V⁻¹r.
/// </remarks>
public sealed class ThreeLevelLikelihood
{
    private readonly Block[] blocks;
    private readonly Matrix<double> triangular;

    /// <summary>
    /// Prepares the per-cluster blocks of <paramref name="data"/> and <paramref name="design"/>. Throws
    /// <see cref="InvalidInputException"/> naming <c>cluster</c> or <c>moderators</c> when their
    /// lengths differ from k.
    /// </summary>
    public ThreeLevelLikelihood(EffectData data, EffectClusters clusters, DesignMatrix design)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(design);
        if (clusters.EffectCount != data.K)
        {
            throw new InvalidInputException("cluster", $"has {clusters.EffectCount} values but yi has {data.K}");
        }

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
            .Select(m => new Block(
                m.ToArray(),
                m.Select(i => data.Yi[i]).ToArray(),
                m.Select(i => data.Vi[i]).ToArray(),
                m.Select(i => Enumerable.Range(0, design.Columns).Select(c => q[i, c]).ToArray()).ToArray()))
            .ToArray();
    }

    /// <summary>Number of effects k.</summary>
    public int EffectCount { get; }

    /// <summary>Number of coefficients p.</summary>
    public int CoefficientCount { get; }

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
    public double LogLikelihood(double sigma2Between, double sigma2Within, bool restricted) =>
        LogLikelihood(Compute(sigma2Between, sigma2Within), restricted);

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
            var n = block.Size;
            double sumA2 = 0, sumA3 = 0, sumQ = 0, sumAQ = 0, sumAQ2 = 0, sumQ2 = 0;
            for (var i = 0; i < n; i++)
            {
                var a = w.A[i];
                var q = w.Q[i];
                sumA2 += a * a;
                sumA3 += a * a * a;
                sumQ += q;
                sumAQ += a * q;
                sumAQ2 += a * q * q;
                sumQ2 += q * q;
            }

            var e = w.SumA / w.D;
            traceB += e;
            traceW += w.SumA - (w.C * sumA2);
            tBB += e * e;
            tBW += sumA2 / (w.D * w.D);
            tWW += sumA2 - (2 * w.C * sumA3) + (w.C * w.C * sumA2 * sumA2);

            quadB += sumQ * sumQ;
            quadW += sumQ2;
            sBB += sumQ * sumQ * e;
            sBW += sumQ * sumAQ / w.D;
            sWW += sumAQ2 - (w.C * sumAQ * sumAQ);

            // h = B'1 = X'V⁻¹1, g = B'a, B'q.
            var h = w.H;
            var g = new double[p];
            var bq = new double[p];
            for (var i = 0; i < n; i++)
            {
                var row = w.B[i];
                for (var c = 0; c < p; c++)
                {
                    g[c] += row[c] * w.A[i];
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
            correctionWW -= w.C * QuadraticForm(m, g, g);
            for (var i = 0; i < n; i++)
            {
                var row = w.B[i];
                var bMb = QuadraticForm(m, row, row);
                correctionTraceW += bMb;
                correctionWW += w.A[i] * bMb;
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
            var zpz = (w.SumA / w.D) - QuadraticForm(m, w.H, w.H);
            clusterSe[j] = Math.Sqrt(Math.Max(0, sigma2Between - (sigma2Between * sigma2Between * zpz)));
            for (var i = 0; i < block.Size; i++)
            {
                var effect = block.Rows[i];
                within[effect] = sigma2Within * w.Q[i];
                var pii = w.A[i] - (w.C * w.A[i] * w.A[i]) - QuadraticForm(m, w.B[i], w.B[i]);
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
            var a = new double[n];
            var sumA = 0.0;
            for (var i = 0; i < n; i++)
            {
                var total = block.V[i] + sigma2Within;
                a[i] = 1 / total;
                sumA += a[i];
                logDetV += Math.Log(total);
            }

            var d = 1 + (sigma2Between * sumA);
            var c = sigma2Between / d;
            logDetV += Math.Log(d);

            // B_j = V_j⁻¹ X_j = diag(a)(X_j - c 1 (a'X_j)).
            var ax = new double[p];
            for (var i = 0; i < n; i++)
            {
                for (var col = 0; col < p; col++)
                {
                    ax[col] += a[i] * block.X[i][col];
                }
            }

            var b = new double[n][];
            var h = new double[p];
            for (var i = 0; i < n; i++)
            {
                var row = new double[p];
                for (var col = 0; col < p; col++)
                {
                    row[col] = a[i] * (block.X[i][col] - (c * ax[col]));
                    h[col] += row[col];
                }

                b[i] = row;
                for (var r = 0; r < p; r++)
                {
                    score[r] += row[r] * block.Y[i];
                    for (var col = 0; col < p; col++)
                    {
                        information[r, col] += block.X[i][r] * row[col];
                    }
                }
            }

            work[j] = new BlockState(a, sumA, d, c, b, h, new double[n]);
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
            var residual = new double[block.Size];
            var aDotR = 0.0;
            for (var i = 0; i < block.Size; i++)
            {
                var fitted = 0.0;
                for (var col = 0; col < p; col++)
                {
                    fitted += block.X[i][col] * betaArray[col];
                }

                residual[i] = block.Y[i] - fitted;
                aDotR += w.A[i] * residual[i];
            }

            for (var i = 0; i < block.Size; i++)
            {
                w.Q[i] = w.A[i] * (residual[i] - (w.C * aDotR));
                rss += residual[i] * w.Q[i];
            }
        }

        return new State(work, breadArray, betaArray, rss, logDetV, cholesky.DeterminantLn);
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

    /// <summary>One cluster's data: row indices, effects, variances and design rows.</summary>
    private sealed record Block(int[] Rows, double[] Y, double[] V, double[][] X)
    {
        public int Size => Rows.Length;
    }

    /// <summary>One cluster's pieces of V⁻¹ at given components: a, Σa, d = 1 + σ²_b Σa, c, B = V⁻¹X, h = B'1, q = V⁻¹r.</summary>
    private sealed record BlockState(double[] A, double SumA, double D, double C, double[][] B, double[] H, double[] Q);

    private sealed record State(BlockState[] Blocks, double[,] Bread, double[] Beta, double ResidualQuadraticForm, double LogDeterminantV, double LogDeterminantInformation);
}
