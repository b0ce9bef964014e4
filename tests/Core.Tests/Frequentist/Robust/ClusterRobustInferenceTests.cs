using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Tests.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist.Robust;

public class ClusterRobustInferenceTests
{
    // A small meta-regression: 8 effects in 4 clusters (one of them a single effect), a dose slope,
    // and a block-diagonal working covariance with correlated effects within clusters.
    private static readonly double[] Yi = [0.1, 0.3, -0.2, 0.5, 0.4, 0.0, 0.25, 0.6];
    private static readonly double[] Vi = [0.02, 0.03, 0.025, 0.04, 0.02, 0.05, 0.03, 0.01];
    private static readonly double[] Dose = [1, 2, 1, 3, 2, 0, 1, 4];
    private static readonly string[] Cluster = ["a", "a", "a", "b", "b", "c", "c", "d"];
    private static readonly Matrix<double> V = DenseThreeLevel.MarginalCovariance(Vi, Cluster, 0.02, 0.01);
    private static readonly DesignMatrix Design = DesignMatrix.Create(Yi.Length, [Moderator.Continuous("dose", Dose)]);

    private static ClusterRobustFit Robust(SandwichType type, RobustDegreesOfFreedom df = RobustDegreesOfFreedom.Satterthwaite) =>
        ClusterRobustInference.Compute(Yi, Design, V, Cluster, new ClusterRobustOptions(type, df));

    [Fact]
    public void Compute_Cr2_EqualsPlainMatrixAlgebra()
    {
        var reference = new PlainCr2(Yi, DenseThreeLevel.Design(Yi.Length, Dose), V, Cluster);

        var robust = Robust(SandwichType.CR2);

        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(reference.Beta[c], robust.Coefficients[c].Estimate, Tolerances.Algebra);
            Assert.Equal(Math.Sqrt(reference.Covariance[c, c]), robust.Coefficients[c].StandardError, Tolerances.Algebra);
            Assert.Equal(reference.SatterthwaiteDf(c), robust.Coefficients[c].DegreesOfFreedom!.Value, 1e-8);
        }

        Assert.Equal(reference.Covariance[0, 1], robust.Covariance[0, 1], Tolerances.Algebra);
    }

    [Fact]
    public void Compute_Cr2_IsUnbiasedUnderTheWorkingModel()
    {
        // E[Σ_j E_j e_j e_j' E_j'] = Σ_j E_j (Θ_j - X_j M X_j') E_j' must equal M = (X'V⁻¹X)⁻¹.
        var reference = new PlainCr2(Yi, DenseThreeLevel.Design(Yi.Length, Dose), V, Cluster);

        var expectation = reference.ExpectedCovariance();

        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 2; c++)
            {
                Assert.Equal(reference.Bread[r, c], expectation[r, c], Tolerances.Algebra);
            }
        }
    }

    [Fact]
    public void Compute_Cr0AndCr1_ArePlainSandwichAndItsScaling()
    {
        var x = DenseThreeLevel.Design(Yi.Length, Dose);
        var (beta, bread, _) = DenseThreeLevel.Gls(Yi, x, V);
        var residuals = Vector<double>.Build.DenseOfArray(Yi) - (x * beta);
        var meat = Matrix<double>.Build.Dense(2, 2);
        foreach (var label in Cluster.Distinct())
        {
            var rows = Enumerable.Range(0, Yi.Length).Where(i => Cluster[i] == label).ToArray();
            var block = Matrix<double>.Build.Dense(rows.Length, rows.Length, (r, c) => V[rows[r], rows[c]]).Inverse();
            var xj = Matrix<double>.Build.Dense(rows.Length, 2, (r, c) => x[rows[r], c]);
            var score = xj.Transpose() * block * Vector<double>.Build.Dense(rows.Length, r => residuals[rows[r]]);
            meat += score.OuterProduct(score);
        }

        var sandwich = bread * meat * bread;

        var cr0 = Robust(SandwichType.CR0, RobustDegreesOfFreedom.ClustersMinusCoefficients);
        var cr1 = Robust(SandwichType.CR1, RobustDegreesOfFreedom.ClustersMinusOne);
        var cr1p = Robust(SandwichType.CR1p);
        Assert.Equal(Math.Sqrt(sandwich[1, 1]), cr0.Coefficients[1].StandardError, Tolerances.Algebra);
        Assert.Equal(Math.Sqrt(sandwich[1, 1] * 4 / 3), cr1.Coefficients[1].StandardError, Tolerances.Algebra);
        Assert.Equal(Math.Sqrt(sandwich[1, 1] * 4 / 2), cr1p.Coefficients[1].StandardError, Tolerances.Algebra);
        Assert.Equal(2, cr0.Coefficients[1].DegreesOfFreedom!.Value);
        Assert.Equal(3, cr1.Coefficients[1].DegreesOfFreedom!.Value);
    }

    [Fact]
    public void Compute_UnivariateModelWithSingletonClusters_IsTheHeteroscedasticitySandwich()
    {
        // Intercept-only, V = diag(vi + τ²), every effect its own cluster: se² = Σ w² e² / (Σ w)².
        const double tau2 = 0.03;
        var v = Matrix<double>.Build.DenseOfDiagonalArray([.. Vi.Select(x => x + tau2)]);
        var w = Vi.Select(x => 1 / (x + tau2)).ToArray();
        var mean = w.Zip(Yi, (a, b) => a * b).Sum() / w.Sum();
        var expected = Math.Sqrt(w.Select((a, i) => a * a * (Yi[i] - mean) * (Yi[i] - mean)).Sum()) / w.Sum();
        string[] own = [.. Enumerable.Range(0, Yi.Length).Select(i => $"s{i}")];

        var robust = ClusterRobustInference.Compute(Yi, DesignMatrix.InterceptOnly(Yi.Length), v, own, new ClusterRobustOptions(SandwichType.CR0));

        Assert.Equal(mean, robust.Coefficients[0].Estimate, Tolerances.Algebra);
        Assert.Equal(expected, robust.Coefficients[0].StandardError, Tolerances.Algebra);
    }

    [Fact]
    public void Compute_Konstantopoulos2011Cr2_MatchesClubSandwich()
    {
        // metafor 3.8-1 + clubSandwich 0.5.8: robust(rma.mv(yi, vi, random = ~ 1 | district/study), district, clubSandwich = TRUE).
        var fit = ThreeLevelModel.Fit(EffectData.Create(Konstantopoulos2011.Yi, Konstantopoulos2011.Vi), Konstantopoulos2011.District);

        var robust = ClusterRobustInference.Compute(fit);

        Assert.Equal(0.0844579954347626, robust.Coefficients[0].StandardError, 1e-9);
        Assert.Equal(9.86315623331838, robust.Coefficients[0].DegreesOfFreedom!.Value, 1e-7);
        Assert.Equal(0.0539667424706465, robust.Coefficients[0].PValue, 1e-9);
        Assert.Equal(-0.00382548351676679, robust.Coefficients[0].CiLower, 1e-9);
        Assert.Equal(0.37325181086253, robust.Coefficients[0].CiUpper, 1e-9);
        Assert.Equal(11, robust.Clusters.Count);
    }

    [Fact]
    public void Compute_ClusterLengthMismatch_NamesCluster()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, V, Cluster[..^1]));
        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Compute_SingleCluster_NamesCluster()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, V, [.. Enumerable.Repeat("x", Yi.Length)]));
        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Compute_NoMoreClustersThanCoefficientsForResidualDf_NamesCluster()
    {
        string[] two = ["a", "a", "a", "a", "b", "b", "b", "b"];
        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, V, two, new ClusterRobustOptions(DegreesOfFreedom: RobustDegreesOfFreedom.ClustersMinusCoefficients)));
        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Compute_CovarianceOfWrongSize_NamesMarginalCovariance()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, Matrix<double>.Build.DenseIdentity(3), Cluster));
        Assert.Equal("marginalCovariance", ex.Field);
    }

    [Fact]
    public void Compute_NonPositiveVariance_NamesTheDiagonalElement()
    {
        var v = V.Clone();
        v[2, 2] = 0;

        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, v, Cluster));
        Assert.Equal("marginalCovariance[2]", ex.Field);
    }

    [Fact]
    public void Compute_CovarianceNotPositiveDefinite_NamesMarginalCovariance()
    {
        var v = V.Clone();
        v[0, 1] = v[1, 0] = 1;

        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, v, Cluster));
        Assert.Equal("marginalCovariance", ex.Field);
    }

    [Fact]
    public void Compute_LevelOutOfRange_NamesLevel()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ClusterRobustInference.Compute(Yi, Design, V, Cluster, new ClusterRobustOptions(Level: 1.5)));
        Assert.Equal("level", ex.Field);
    }

    /// <summary>
    /// CR2 and its Satterthwaite degrees of freedom from their definitions, with full matrices: the
    /// inverse square root by Denman-Beavers iteration, the degrees of freedom from the J x J covariance
    /// of the clusters' contributions.
    /// </summary>
    private sealed class PlainCr2
    {
        private readonly Matrix<double> x;
        private readonly Matrix<double> v;
        private readonly int[][] clusters;
        private readonly Matrix<double>[] estimating;

        public PlainCr2(double[] yi, Matrix<double> x, Matrix<double> v, string[] cluster)
        {
            this.x = x;
            this.v = v;
            clusters = [.. cluster.Distinct().Select(label => Enumerable.Range(0, yi.Length).Where(i => cluster[i] == label).ToArray())];
            (Beta, Bread, _) = DenseThreeLevel.Gls(yi, x, v);
            var residuals = Vector<double>.Build.DenseOfArray(yi) - (x * Beta);
            estimating = new Matrix<double>[clusters.Length];
            Covariance = Matrix<double>.Build.Dense(x.ColumnCount, x.ColumnCount);
            for (var j = 0; j < clusters.Length; j++)
            {
                var rows = clusters[j];
                var theta = Sub(v, rows, rows);
                var xj = Rows(x, rows);
                var upper = theta.Cholesky().Factor.Transpose();
                var g = upper * (theta - (xj * Bread * xj.Transpose())) * upper.Transpose();
                var a = upper.Transpose() * InverseSquareRoot(g) * upper;
                estimating[j] = Bread * xj.Transpose() * theta.Inverse() * a;
                var contribution = estimating[j] * Vector<double>.Build.Dense(rows.Length, r => residuals[rows[r]]);
                Covariance += contribution.OuterProduct(contribution);
            }
        }

        public Vector<double> Beta { get; }

        public Matrix<double> Bread { get; }

        public Matrix<double> Covariance { get; }

        public Matrix<double> ExpectedCovariance()
        {
            var total = Matrix<double>.Build.Dense(x.ColumnCount, x.ColumnCount);
            for (var j = 0; j < clusters.Length; j++)
            {
                var rows = clusters[j];
                var xj = Rows(x, rows);
                total += estimating[j] * (Sub(v, rows, rows) - (xj * Bread * xj.Transpose())) * estimating[j].Transpose();
            }

            return total;
        }

        public double SatterthwaiteDf(int coefficient)
        {
            var k = x.RowCount;
            var weights = Matrix<double>.Build.Dense(clusters.Length, k);
            var blockDiagonal = Matrix<double>.Build.Dense(k, k);
            for (var j = 0; j < clusters.Length; j++)
            {
                var rows = clusters[j];
                for (var r = 0; r < rows.Length; r++)
                {
                    weights[j, rows[r]] = estimating[j][coefficient, r];
                    foreach (var s in rows)
                    {
                        blockDiagonal[rows[r], s] = v[rows[r], s];
                    }
                }
            }

            var residualCovariance = blockDiagonal - (x * Bread * x.Transpose());
            var p = weights * residualCovariance * weights.Transpose();
            var trace = p.Trace();
            return trace * trace / p.Enumerate().Sum(e => e * e);
        }

        private static Matrix<double> InverseSquareRoot(Matrix<double> g)
        {
            var y = g.Clone();
            var z = Matrix<double>.Build.DenseIdentity(g.RowCount);
            for (var i = 0; i < 100; i++)
            {
                var nextY = 0.5 * (y + z.Inverse());
                var nextZ = 0.5 * (z + y.Inverse());
                (y, z) = (nextY, nextZ);
            }

            return z;
        }

        private static Matrix<double> Sub(Matrix<double> m, int[] rows, int[] columns) =>
            Matrix<double>.Build.Dense(rows.Length, columns.Length, (r, c) => m[rows[r], columns[c]]);

        private static Matrix<double> Rows(Matrix<double> m, int[] rows) =>
            Matrix<double>.Build.Dense(rows.Length, m.ColumnCount, (r, c) => m[rows[r], c]);
    }
}
