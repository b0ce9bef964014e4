using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MetaAnalysis.Tests.Contract;

/// <summary>
/// Every enum field a message can hold, found from the contract's descriptors (so a field added to the
/// contract is in the tests without being listed anywhere), and messages with one of them set to a number.
/// </summary>
internal static class EnumFields
{
    /// <summary>
    /// The field paths (<c>model.subgroups.tau2</c>, <c>models[0].model.random_effects.distribution</c>) of
    /// every enum field reachable from <paramref name="root"/>; each message type is entered once per path,
    /// so the contract's cycles (a sweep's models are models) end.
    /// </summary>
    public static IReadOnlyList<string> Paths(MessageDescriptor root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var paths = new List<string>();
        Collect(root, string.Empty, [root], paths);
        return paths;
    }

    /// <summary>A message of type <paramref name="root"/> that holds only what <paramref name="path"/> needs, with the enum field there set to <paramref name="number"/>.</summary>
    public static IMessage WithValue(MessageDescriptor root, string path, int number)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var message = New(root);
        var current = message;
        var steps = path.Split('.');
        for (var i = 0; i < steps.Length; i++)
        {
            var repeated = steps[i].EndsWith("[0]", StringComparison.Ordinal);
            var field = current.Descriptor.FindFieldByName(repeated ? steps[i][..^3] : steps[i])
                ?? throw new ArgumentException($"{current.Descriptor.Name} has no field {steps[i]}", nameof(path));
            var last = i == steps.Length - 1;
            var value = last ? Enum.ToObject(field.EnumType.ClrType, number) : New(field.MessageType);
            if (repeated)
            {
                ((IList)field.Accessor.GetValue(current)).Add(value);
            }
            else if (last || field.Accessor.GetValue(current) is not IMessage existing)
            {
                field.Accessor.SetValue(current, value);
            }
            else
            {
                value = existing;
            }

            if (!last)
            {
                current = (IMessage)value;
            }
        }

        return message;
    }

    private static void Collect(MessageDescriptor type, string path, HashSet<MessageDescriptor> onPath, List<string> paths)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            var at = (path.Length == 0 ? field.Name : $"{path}.{field.Name}") + (field.IsRepeated ? "[0]" : string.Empty);
            if (field.IsMap)
            {
                // No map of the contract holds enums or messages; were one added, the tests must learn to build it.
                var value = field.MessageType.FindFieldByNumber(2);
                if (value.FieldType is FieldType.Enum or FieldType.Message)
                {
                    throw new NotSupportedException($"{at}: a map of {value.FieldType} values; extend {nameof(EnumFields)} to build one");
                }
            }
            else if (field.FieldType == FieldType.Enum)
            {
                paths.Add(at);
            }
            else if (field.FieldType == FieldType.Message && onPath.Add(field.MessageType))
            {
                Collect(field.MessageType, at, onPath, paths);
                onPath.Remove(field.MessageType);
            }
        }
    }

    private static IMessage New(MessageDescriptor type) => type.Parser.ParseFrom(ByteString.Empty);
}
