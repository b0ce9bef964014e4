using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MetaAnalysis.Cli.Data;

/// <summary>A bad cell of a study table, located by its 1-based line and its column.</summary>
public sealed class StudyTableException(string message) : Exception(message);

/// <summary>
/// A CSV file of studies with metafor's column names, one row per effect. Cells stay text until a column
/// is asked for as numbers, so a bad cell is reported by line and column only when it matters.
/// </summary>
public sealed class StudyTable
{
    private readonly string source;
    private readonly string[] header;
    private readonly List<string[]> rows;

    private StudyTable(string source, string[] header, List<string[]> rows)
    {
        this.source = source;
        this.header = header;
        this.rows = rows;
    }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> Columns => header;

    /// <summary>Number of data rows.</summary>
    public int RowCount => rows.Count;

    /// <summary>Reads a CSV file.</summary>
    public static StudyTable Load(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static StudyTable Read(TextReader reader, string source)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim };
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new StudyTableException($"{source}: the file has no header line");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new StudyTableException($"{source}: column '{duplicate.Key}' appears more than once in the header");
        }

        var rows = new List<string[]>();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            if (record.Length != header.Length)
            {
                throw new StudyTableException($"{source} line {csv.Parser.RawRow}: {record.Length} cells, but the header has {header.Length} columns");
            }

            rows.Add(record);
        }

        return new StudyTable(source, header, rows);
    }

    /// <summary>Whether the table has <paramref name="column"/>.</summary>
    public bool Has(string column) => Array.IndexOf(header, column) >= 0;

    /// <summary>A text column.</summary>
    public string[] Text(string column)
    {
        var index = IndexOf(column);
        return rows.Select(r => r[index]).ToArray();
    }

    /// <summary>A numeric column; empty cells and NA become NaN (missing), anything else unparsable is an error naming line and column.</summary>
    public double[] Numbers(string column)
    {
        var index = IndexOf(column);
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var cell = rows[i][index];
            if (cell.Length == 0 || cell is "NA" or "na" or "NaN")
            {
                values[i] = double.NaN;
            }
            else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                // Line 1 is the header, so data row i is on line i + 2.
                throw new StudyTableException($"{source} line {i + 2}, column '{column}': '{cell}' is not a number");
            }
        }

        return values;
    }

    private int IndexOf(string column)
    {
        var index = Array.IndexOf(header, column);
        return index >= 0
            ? index
            : throw new StudyTableException($"{source}: no column '{column}' (columns: {string.Join(", ", header)})");
    }
}
