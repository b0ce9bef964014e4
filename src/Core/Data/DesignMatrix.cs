using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Data;

/// <summary>
/// The fixed-effects design of a (meta-)regression: an intercept column (named "intrcpt", as metafor
/// does) followed by the moderators' columns. Guaranteed to have full column rank.
/// </summary>
public sealed class DesignMatrix
{
    /// <summary>The intercept column's name, as metafor names it.</summary>
    public const string InterceptName = "intrcpt";

    private DesignMatrix(Matrix<double> x, string[] names, bool hasIntercept)
    {
        X = x;
        ColumnNames = names;
        HasIntercept = hasIntercept;
    }

    /// <summary>The k x p matrix.</summary>
    public Matrix<double> X { get; }

    /// <summary>Names of the p columns, intercept first.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Whether the first column is the intercept.</summary>
    public bool HasIntercept { get; }

    /// <summary>Number of rows (effects).</summary>
    public int Rows => X.RowCount;

    /// <summary>Number of coefficients.</summary>
    public int Columns => X.ColumnCount;

    /// <summary>Whether the model has moderators besides the intercept.</summary>
    public bool HasModerators => Columns > (HasIntercept ? 1 : 0);

    /// <summary>The intercept-only design of <paramref name="k"/> effects.</summary>
    public static DesignMatrix InterceptOnly(int k) =>
        new(Matrix<double>.Build.Dense(k, 1, 1.0), [InterceptName], hasIntercept: true);

    /// <summary>
    /// Builds the design for <paramref name="k"/> effects from <paramref name="moderators"/>.
    /// Throws <see cref="InvalidInputException"/> when a moderator's length differs from k or the columns
    /// are linearly dependent (metafor drops such columns silently; we refuse and name them).
    /// </summary>
    public static DesignMatrix Create(int k, IReadOnlyList<Moderator> moderators, bool intercept = true)
    {
        ArgumentNullException.ThrowIfNull(moderators);
        var columns = new List<(string Name, double[] Column)>();
        if (intercept)
        {
            columns.Add((InterceptName, Enumerable.Repeat(1.0, k).ToArray()));
        }

        foreach (var moderator in moderators)
        {
            Guard.SameLength(Enumerable.Range(0, moderator.Count).ToArray(), $"moderators.{moderator.Name}", k, "yi");
            columns.AddRange(moderator.Columns());
        }

        return FromColumns(columns);
    }

    /// <summary>Builds a design from named columns (used for spline bases and custom contrasts).</summary>
    public static DesignMatrix FromColumns(IReadOnlyList<(string Name, double[] Column)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new InvalidInputException("moderators", "the model has no coefficients");
        }

        var k = columns[0].Column.Length;
        var x = Matrix<double>.Build.Dense(k, columns.Count, (i, j) => columns[j].Column[i]);
        var names = columns.Select(c => c.Name).ToArray();
        var hasIntercept = names[0] == InterceptName;
        if (k < columns.Count)
        {
            throw new InvalidInputException("moderators", $"the model has {columns.Count} coefficients but only {k} effects");
        }

        CheckFullRank(x, names);
        return new DesignMatrix(x, names, hasIntercept);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public DesignMatrix Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var x = Matrix<double>.Build.Dense(rows.Count, Columns, (i, j) => X[rows[i], j]);
        return new DesignMatrix(x, ColumnNames.ToArray(), HasIntercept);
    }

    private static void CheckFullRank(Matrix<double> x, string[] names)
    {
        // Gram-Schmidt on scaled columns finds the first column that the earlier ones already span,
        // so the message can name it.
        var basis = new List<Vector<double>>();
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var column = x.Column(j);
            var norm = column.L2Norm();
            if (norm == 0)
            {
                throw new InvalidInputException($"moderators.{names[j]}", "is zero for every effect");
            }

            var residual = column / norm;
            foreach (var b in basis)
            {
                residual -= b.DotProduct(residual) * b;
            }

            var remaining = residual.L2Norm();
            if (remaining < 1e-10)
            {
                throw new InvalidInputException($"moderators.{names[j]}", "is a linear combination of the intercept and earlier moderators (the design is rank-deficient)");
            }

            basis.Add(residual / remaining);
        }
    }
}
