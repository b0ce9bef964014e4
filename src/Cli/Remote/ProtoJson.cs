using Google.Protobuf;

namespace MetaAnalysis.Cli.Remote;

/// <summary>The contract's messages as JSON for scripts: proto3 JSON mapping with the .proto field names (snake_case, like the CLI's other JSON).</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Compact = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly JsonFormatter Indented = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithIndentation());

    /// <summary>One line (for one-object-per-line streams).</summary>
    public static string Line(IMessage message) => Compact.Format(message);

    /// <summary>Indented, for one object on its own.</summary>
    public static string Document(IMessage message) => Indented.Format(message);
}
