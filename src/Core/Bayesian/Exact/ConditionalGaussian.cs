using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The Gaussian linear model y = Xβ + u + w + e given the variance components, with u a cluster effect
/// (variance σ_between²), w an effect-level deviation (σ_within², τ² in a two-level model) and e the known
/// sampling error: every likelihood this engine integrates is this one at some (σ_between, σ_within).
/// </summary>
/// <remarks>
/// <para>The marginal covariance M is block-diagonal by cluster, M_c = D_c + σ_b² 11' with
/// D_c = diag(v_i + σ_w²), so M_c⁻¹ = D_c⁻¹ − γ_c D_c⁻¹11'D_c⁻¹ with γ_c = σ_b² / (1 + σ_b² Σ 1/d_i) and
/// log|M_c| = Σ log d_i + log(1 + σ_b² Σ 1/d_i): X'M⁻¹X, X'M⁻¹y and y'M⁻¹y cost O(k p²).</para>
/// <para>With normal priors β_j ~ N(m_j, 1/λ_j) (λ_j = 0 for a flat prior) the posterior of β given the
/// components is N(b, P⁻¹), P = X'M⁻¹X + Λ, b = P⁻¹(X'M⁻¹y + Λm), and
/// log p(y | σ) = −(k − f)/2 log 2π − ½ log|M| + ½ Σ log λ_j − ½ log|P| − ½ (y'M⁻¹y + m'Λm − b'Pb),
/// f the number of flat coefficients (for which p(y | σ) is a density only up to the flat prior's
/// constant, the same in every model that shares them).</para>
/// <para>Correlated sampling errors (e ~ N(0, V), V block-diagonal by cluster) keep this form in the
/// eigenbasis of each block (<see cref="SamplingErrorRotation"/>): the rotated rows are independent with
/// variances λ_i + σ_w², and the cluster effect loads on them by a = U'1, so 1'D⁻¹1, 1'D⁻¹y and X'D⁻¹1
/// become Σ a²/d, Σ a ỹ/d and Σ a x̃/d and nothing else changes; the shrunken study effects of a correlated
/// cluster are computed on its dense block.</para>
/// </remarks>
internal sealed class ConditionalGaussian
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly double[] y;
    private readonly double[] v;
    private readonly double[] x;
    private readonly double[]? loadings;
    private readonly double[] originalY;
    private readonly double[] originalX;
    private readonly SamplingCovariance? samplingCovariance;
    private readonly IReadOnlyList<bool>? correlated;
    private readonly double[] priorMean;
    private readonly double[] priorPrecision;
    private readonly int[][] clusters;
    private readonly double logPriorPrecision;
    private readonly int flatCount;

    /// <param name="y">Effects.</param>
    /// <param name="v">Sampling variances.</param>
    /// <param name="x">Design, k x p row-major.</param>
    /// <param name="columns">p (0 allowed: every coefficient fixed at 0).</param>
    /// <param name="priorMean">Prior means.</param>
    /// <param name="priorPrecision">Prior precisions, 0 for flat.</param>
    /// <param name="clusters">Row indices of each cluster (every row its own cluster in a two-level model).</param>
    /// <param name="samplingCovariance">Correlated sampling errors, grouped by the same clusters in the same order; null for V = diag(v).</param>
    public ConditionalGaussian(double[] y, double[] v, double[] x, int columns, double[] priorMean, double[] priorPrecision, int[][] clusters, SamplingCovariance? samplingCovariance = null)
    {
        originalY = y;
        originalX = x;
        if (samplingCovariance is { IsDiagonal: false })
        {
            var rotation = SamplingErrorRotation.Of(samplingCovariance, y, x, columns);
            (y, v, x, loadings) = (rotation.Y, rotation.Variances, rotation.X, rotation.Loadings);
            this.samplingCovariance = samplingCovariance;
            correlated = rotation.Correlated;
        }

        this.y = y;
        this.v = v;
        this.x = x;
        Columns = columns;
        this.priorMean = priorMean;
        this.priorPrecision = priorPrecision;
        this.clusters = clusters;
        logPriorPrecision = priorPrecision.Where(l => l > 0).Sum(Math.Log);
        flatCount = priorPrecision.Count(l => l == 0);
    }

    /// <summary>Number of coefficients.</summary>
    public int Columns { get; }

    /// <summary>Number of effects.</summary>
    public int Count => y.Length;

    /// <summary>The coefficients' Gaussian posterior and the marginal likelihood at the given components.</summary>
    public ConditionalMoments Evaluate(double between, double within) => Evaluate(Prepare(within), between);

    /// <summary>
    /// The sums that depend on σ_within only: with them, each evaluation at a new σ_between costs
    /// O(clusters · p²) instead of O(k · p²), which is why a three-level integral runs σ_between inside.
    /// </summary>
    public WithinSums Prepare(double within)
    {
        var p = Columns;
        var within2 = within * within;
        var sums = new WithinSums(within, p, clusters.Length);
        var logDeterminant = LogProduct.Empty;
        for (var c = 0; c < clusters.Length; c++)
        {
            double sumWeight = 0, sumY = 0;
            var sumX = sums.ClusterX.AsSpan(c * p, p);
            foreach (var i in clusters[c])
            {
                var d = v[i] + within2;
                var w = 1 / d;
                var load = loadings?[i] ?? 1;
                logDeterminant.Multiply(d);
                var wy = w * y[i];
                sums.Quadratic += wy * y[i];
                sumWeight += load * load * w;
                sumY += load * wy;
                var offset = i * p;
                for (var a = 0; a < p; a++)
                {
                    var wx = w * x[offset + a];
                    sums.Score[a] += wx * y[i];
                    sumX[a] += load * wx;
                    for (var b = 0; b <= a; b++)
                    {
                        sums.Information[(b * p) + a] += wx * x[offset + b];
                    }
                }
            }

            sums.ClusterWeight[c] = sumWeight;
            sums.ClusterY[c] = sumY;
        }

        sums.LogDeterminant = logDeterminant.Log;
        return sums;
    }

    /// <summary>The coefficients' Gaussian posterior and the marginal likelihood at σ_between = <paramref name="between"/>.</summary>
    public ConditionalMoments Evaluate(WithinSums sums, double between)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var p = Columns;
        var information = new double[p * p];
        var score = new double[p];
        var (quadratic, logDeterminant) = Combine(sums, between * between, information, score);
        var logLikelihood = -0.5 * (((Count - flatCount) * LogTwoPi) + logDeterminant - logPriorPrecision);
        if (p == 0)
        {
            return new ConditionalMoments(between, sums.Within, logLikelihood - (0.5 * quadratic), [], []);
        }

        var rhs = new double[p];
        var priorQuadratic = 0.0;
        for (var j = 0; j < p; j++)
        {
            information[(j * p) + j] += priorPrecision[j];
            rhs[j] = score[j] + (priorPrecision[j] * priorMean[j]);
            priorQuadratic += priorPrecision[j] * priorMean[j] * priorMean[j];
        }

        double[] mean, covariance;
        double logDeterminantP;
        if (p == 1)
        {
            // One coefficient (random effects, three-level without moderators): the 1 x 1 system is a division.
            mean = [rhs[0] / information[0]];
            covariance = [1 / information[0]];
            logDeterminantP = Math.Log(information[0]);
        }
        else
        {
            var cholesky = Matrix<double>.Build.Dense(p, p, information).Cholesky();
            mean = cholesky.Solve(Vector<double>.Build.Dense(rhs)).AsArray() ?? [];
            covariance = cholesky.Solve(Matrix<double>.Build.DenseIdentity(p)).AsColumnMajorArray() ?? [];
            logDeterminantP = cholesky.DeterminantLn;
        }

        var explained = 0.0;
        for (var j = 0; j < p; j++)
        {
            explained += mean[j] * rhs[j];
        }

        logLikelihood -= 0.5 * (logDeterminantP + quadratic + priorQuadratic - explained);
        return new ConditionalMoments(between, sums.Within, logLikelihood, mean, covariance);
    }

    /// <summary>
    /// The generalized Cochran's Q at the given components, (y − Xβ̂)'M⁻¹(y − Xβ̂) with β̂ the GLS estimate:
    /// χ² on k − p degrees of freedom under the model whatever β is.
    /// </summary>
    public double GeneralizedQ(double between, double within)
    {
        var p = Columns;
        var information = new double[p * p];
        var score = new double[p];
        var (quadratic, _) = Combine(Prepare(within), between * between, information, score);
        if (p == 0)
        {
            return quadratic;
        }

        var solution = Matrix<double>.Build.Dense(p, p, information).Cholesky().Solve(Vector<double>.Build.Dense(score));
        return quadratic - solution.DotProduct(Vector<double>.Build.Dense(score));
    }

    /// <summary>
    /// Posterior means and variances of the true effects θ_i = x_i'β + u + w at the given components:
    /// θ̂ = y − V M⁻¹ (y − X b) and Var = V − V M⁻¹ V + V M⁻¹ X C X' M⁻¹ V (diagonal).
    /// </summary>
    public void StudyEffects(ConditionalMoments node, double[] means, double[] variances)
    {
        ArgumentNullException.ThrowIfNull(node);
        var p = Columns;
        var between2 = node.Between * node.Between;
        var within2 = node.Within * node.Within;
        var sumX = new double[p];
        var row = new double[p];
        for (var c = 0; c < clusters.Length; c++)
        {
            var cluster = clusters[c];
            if (correlated?[c] == true)
            {
                CorrelatedStudyEffects(node, cluster, c, means, variances);
                continue;
            }

            double sumWeight = 0, sumResidual = 0;
            Array.Clear(sumX);
            foreach (var i in cluster)
            {
                var w = 1 / (v[i] + within2);
                sumWeight += w;
                sumResidual += w * Residual(i, node.Mean);
                for (var j = 0; j < p; j++)
                {
                    sumX[j] += w * x[(i * p) + j];
                }
            }

            var gamma = between2 / (1 + (between2 * sumWeight));
            foreach (var i in cluster)
            {
                var w = 1 / (v[i] + within2);
                var inverseResidual = (w * Residual(i, node.Mean)) - (gamma * sumResidual * w);
                var inverseDiagonal = w - (gamma * w * w);
                for (var j = 0; j < p; j++)
                {
                    row[j] = v[i] * ((w * x[(i * p) + j]) - (gamma * sumX[j] * w));
                }

                means[i] = y[i] - (v[i] * inverseResidual);
                variances[i] = v[i] - (v[i] * v[i] * inverseDiagonal) + node.QuadraticForm(row);
            }
        }
    }

    /// <summary>
    /// <see cref="StudyEffects"/> for a cluster with correlated errors, on its dense block: with
    /// M_c = V_c + σ_w² I + σ_b² 11' and r = y_c − X_c b, θ̂ = y_c − V_c M_c⁻¹ r and
    /// Var θ_i = (V_c − V_c M_c⁻¹ V_c)_ii + g_i' C g_i, g_i the i-th row of V_c M_c⁻¹ X_c.
    /// </summary>
    private void CorrelatedStudyEffects(ConditionalMoments node, int[] cluster, int c, double[] means, double[] variances)
    {
        var p = Columns;
        var n = cluster.Length;
        var block = samplingCovariance!.Block(c)!.Covariance;
        var between2 = node.Between * node.Between;
        var within2 = node.Within * node.Within;
        var marginal = Matrix<double>.Build.Dense(n, n, (r, s) => block[r, s] + between2 + (r == s ? within2 : 0));
        var cholesky = marginal.Cholesky();
        var design = Matrix<double>.Build.Dense(n, p, (r, j) => originalX[(cluster[r] * p) + j]);
        var residual = Vector<double>.Build.Dense(n, r =>
        {
            var value = originalY[cluster[r]];
            for (var j = 0; j < p; j++)
            {
                value -= originalX[(cluster[r] * p) + j] * node.Mean[j];
            }

            return value;
        });
        var shrink = block * cholesky.Solve(residual);
        var explained = block * cholesky.Solve(block);
        var gain = p == 0 ? null : block * cholesky.Solve(design);
        var row = new double[p];
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < p; j++)
            {
                row[j] = gain![r, j];
            }

            means[cluster[r]] = originalY[cluster[r]] - shrink[r];
            variances[cluster[r]] = block[r, r] - explained[r, r] + node.QuadraticForm(row);
        }
    }

    private double Residual(int i, double[] beta)
    {
        var r = y[i];
        for (var j = 0; j < beta.Length; j++)
        {
            r -= x[(i * Columns) + j] * beta[j];
        }

        return r;
    }

    /// <summary>Writes X'M⁻¹X (column-major) and X'M⁻¹y into the buffers; returns y'M⁻¹y and log|M|.</summary>
    private (double Quadratic, double LogDeterminant) Combine(WithinSums sums, double between2, double[] information, double[] score)
    {
        var p = Columns;
        Array.Copy(sums.Information, information, p * p);
        Array.Copy(sums.Score, score, p);
        var quadratic = sums.Quadratic;
        var logDeterminant = sums.LogDeterminant;
        if (between2 > 0)
        {
            var clusterTerms = LogProduct.Empty;
            for (var c = 0; c < clusters.Length; c++)
            {
                var sumWeight = sums.ClusterWeight[c];
                var sumY = sums.ClusterY[c];
                var gamma = between2 / (1 + (between2 * sumWeight));
                clusterTerms.Multiply(1 + (between2 * sumWeight));
                quadratic -= gamma * sumY * sumY;
                var offset = c * p;
                for (var a = 0; a < p; a++)
                {
                    var xa = sums.ClusterX[offset + a];
                    score[a] -= gamma * xa * sumY;
                    for (var b = 0; b <= a; b++)
                    {
                        information[(b * p) + a] -= gamma * xa * sums.ClusterX[offset + b];
                    }
                }
            }

            logDeterminant += clusterTerms.Log;
        }

        // Only the lower triangle (row a ≥ column b, stored column-major at b*p + a) was accumulated.
        for (var a = 0; a < p; a++)
        {
            for (var b = a + 1; b < p; b++)
            {
                information[(b * p) + a] = information[(a * p) + b];
            }
        }

        return (quadratic, logDeterminant);
    }
}
