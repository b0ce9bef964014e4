using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace MetaAnalysis.Cli.Data;

/// <summary>
/// A table of studies with metafor's column names, one row per effect, read from CSV or JSON. Cells stay
/// text until a column is asked for as numbers, so a bad cell is reported by its line (CSV) or row (JSON)
/// and its column only when it matters.
/// </summary>
public sealed class StudyTable
{
    private readonly string[] header;
    private readonly List<string[]> rows;
    private readonly List<string> locations;

    private StudyTable(string source, string content, string[] header, List<string[]> rows, List<string> locations)
    {
        Source = source;
        Content = content;
        this.header = header;
        this.rows = rows;
        this.locations = locations;
    }

    /// <summary>The file name used in errors.</summary>
    public string Source { get; }

    /// <summary>The file's text as read, kept so that a report can reproduce its inputs exactly.</summary>
    public string Content { get; }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> Columns => header;

    /// <summary>Number of data rows.</summary>
    public int RowCount => rows.Count;

    /// <summary>Reads a CSV file, or a JSON file when its name ends in <c>.json</c>.</summary>
    public static StudyTable Load(string path)
    {
        var content = File.ReadAllText(path);
        var source = Path.GetFileName(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(content, source) : Read(new StringReader(content), source, content);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static StudyTable Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var content = reader.ReadToEnd();
        return Read(new StringReader(content), source, content);
    }

    /// <summary>
    /// Reads JSON: an array of row objects (<c>[{"yi": 0.1, "vi": 0.02}, ...]</c>) or an object of equally
    /// long column arrays (<c>{"yi": [...], "vi": [...]}</c>). A null cell is missing.
    /// </summary>
    public static StudyTable ReadJson(string content, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(content);
        }
        catch (JsonException ex)
        {
            throw new StudyTableException($"{source}: not valid JSON ({ex.Message})", ex);
        }

        return root switch
        {
            JsonArray array => FromRowObjects(array, source, content),
            JsonObject columns => FromColumnArrays(columns, source, content),
            _ => throw new StudyTableException($"{source}: expected an array of rows or an object of columns"),
        };
    }

    /// <summary>Whether the table has <paramref name="column"/>.</summary>
    public bool Has(string column) => Array.IndexOf(header, column) >= 0;

    /// <summary>A text column.</summary>
    public string[] Text(string column)
    {
        var index = IndexOf(column);
        return rows.Select(r => r[index]).ToArray();
    }

    /// <summary>Whether every non-missing cell of <paramref name="column"/> is a number.</summary>
    public bool IsNumeric(string column)
    {
        var index = IndexOf(column);
        return rows.All(r => IsMissing(r[index]) || double.TryParse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }

    /// <summary>A numeric column; empty cells and NA become NaN (missing), anything else unparsable is an error naming line and column.</summary>
    public double[] Numbers(string column)
    {
        var index = IndexOf(column);
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var cell = rows[i][index];
            if (IsMissing(cell))
            {
                values[i] = double.NaN;
            }
            else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new StudyTableException($"{Locate(i, column)}: '{cell}' is not a number");
            }
        }

        return values;
    }

    /// <summary>Where the cell of data row <paramref name="row"/> (0-based) in <paramref name="column"/> is: file, line or row, column number and name.</summary>
    public string Locate(int row, string column)
    {
        var index = IndexOf(column);
        return string.Create(CultureInfo.InvariantCulture, $"{Source} {locations[row]}, column {index + 1} ({column})");
    }

    private static bool IsMissing(string cell) => cell.Length == 0 || cell is "NA" or "na" or "NaN";

    private static StudyTable Read(TextReader reader, string source, string content)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim };
        using var csv = new CsvReader(reader, configuration);
        try
        {
            return Read(csv, source, content);
        }
        catch (BadDataException ex)
        {
            throw new StudyTableException(string.Create(CultureInfo.InvariantCulture, $"{source} line {ex.Context?.Parser?.RawRow}: a stray or unclosed quote (\") on this line or the lines before it; a cell with a quote, comma or line break in it is quoted as a whole, its quotes doubled (\"a \"\"b\"\" c\")"), ex);
        }
        catch (CsvHelperException ex)
        {
            throw new StudyTableException(string.Create(CultureInfo.InvariantCulture, $"{source} line {ex.Context?.Parser?.RawRow}: not a CSV line that can be read"), ex);
        }
    }

    private static StudyTable Read(CsvReader csv, string source, string content)
    {
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new StudyTableException($"{source}: the file has no header line");
        }

        CheckHeader(header, source);
        var rows = new List<string[]>();
        var locations = new List<string>();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            var line = string.Create(CultureInfo.InvariantCulture, $"line {csv.Parser.RawRow}");
            if (record.Length != header.Length)
            {
                throw new StudyTableException($"{source} {line}: {record.Length} cells, but the header has {header.Length} columns");
            }

            rows.Add(record);
            locations.Add(line);
        }

        return Checked(new StudyTable(source, content, header, rows, locations));
    }

    /// <summary>A table with no rows has no studies to analyse: refused when it is read, before any model is set up.</summary>
    private static StudyTable Checked(StudyTable table) =>
        table.RowCount > 0 ? table : throw new StudyTableException($"{table.Source}: the table has {(table.Columns.Count > 0 ? "a header but no rows" : "no rows")}: there are no studies to analyse");

    private static StudyTable FromRowObjects(JsonArray array, string source, string content)
    {
        var header = new List<string>();
        foreach (var element in array)
        {
            if (element is not JsonObject row)
            {
                throw new StudyTableException($"{source}: every element of the array must be an object of cells");
            }

            header.AddRange(row.Select(p => p.Key).Where(k => !header.Contains(k)));
        }

        var rows = array.Select((e, i) => header.Select(h => CellText(((JsonObject)e!)[h], source, i, h)).ToArray()).ToList();
        return Checked(new StudyTable(source, content, [.. header], rows, RowLocations(rows.Count)));
    }

    private static StudyTable FromColumnArrays(JsonObject columns, string source, string content)
    {
        var header = columns.Select(p => p.Key).ToArray();
        var arrays = columns.Select(p => p.Value as JsonArray ?? throw new StudyTableException($"{source}: column '{p.Key}' must be an array")).ToArray();
        var count = arrays.Length == 0 ? 0 : arrays[0].Count;
        var uneven = Array.FindIndex(arrays, a => a.Count != count);
        if (uneven >= 0)
        {
            throw new StudyTableException(string.Create(CultureInfo.InvariantCulture, $"{source}: column '{header[uneven]}' has {arrays[uneven].Count} values, but '{header[0]}' has {count}"));
        }

        var rows = Enumerable.Range(0, count).Select(i => arrays.Select((a, j) => CellText(a[i], source, i, header[j])).ToArray()).ToList();
        return Checked(new StudyTable(source, content, header, rows, RowLocations(count)));
    }

    private static List<string> RowLocations(int count) =>
        Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"row {i}")).ToList();

    private static string CellText(JsonNode? cell, string source, int row, string column) => cell switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new StudyTableException(string.Create(CultureInfo.InvariantCulture, $"{source} row {row + 1}, column '{column}': a cell must be a number, a text or null")),
    };

    private static void CheckHeader(string[] header, string source)
    {
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new StudyTableException($"{source}: column '{duplicate.Key}' appears more than once in the header");
        }
    }

    private int IndexOf(string column)
    {
        var index = Array.IndexOf(header, column);
        return index >= 0
            ? index
            : throw new StudyTableException($"{Source}: no column '{column}' (columns: {string.Join(", ", header)})");
    }
}
