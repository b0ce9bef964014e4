using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// Refuses enum fields that hold a number their enum does not define. Protobuf enums are open: a peer may
/// send any number, and the generated C# code keeps it as a value of the enum type that no <c>switch</c>
/// of ours expects (42 would silently fall into a default branch). One walk over the message's
/// descriptors checks every enum field of every message in it, so a field added to the contract is
/// checked without anyone remembering to.
/// </summary>
/// <remarks>
/// The server runs it on every request it parses (client and worker API alike), the validators on the
/// specs they are given (the command line and the SDK validate offline). Message types from which no enum
/// field can be reached (data columns, results) are skipped without being walked.
/// </remarks>
public static class DefinedEnums
{
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> HoldsEnums = new();

    /// <summary>Checks every enum field in <paramref name="message"/>, found at <paramref name="path"/> in the request (empty: the request itself).</summary>
    /// <exception cref="InvalidInputException">An enum field holds an undefined number; the field path names it.</exception>
    public static void Check(IMessage message, string path)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(path);
        Walk(message, path);
    }

    /// <summary>Whether a message of type <paramref name="descriptor"/> can hold an enum field, itself or in any message inside it.</summary>
    public static bool CanHoldEnums(MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return HoldsEnums.GetOrAdd(descriptor, static root =>
        {
            // The contract's types refer to each other in cycles (a sweep's models are models): visit each type once.
            var seen = new HashSet<MessageDescriptor> { root };
            var pending = new Stack<MessageDescriptor>([root]);
            while (pending.TryPop(out var type))
            {
                foreach (var field in type.Fields.InFieldNumberOrder())
                {
                    if (field.FieldType == FieldType.Enum)
                    {
                        return true;
                    }

                    if (field.FieldType == FieldType.Message && seen.Add(field.MessageType))
                    {
                        pending.Push(field.MessageType);
                    }
                }
            }

            return false;
        });
    }

    private static void Walk(IMessage message, string path)
    {
        if (!CanHoldEnums(message.Descriptor))
        {
            return;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType is not (FieldType.Enum or FieldType.Message) || field.FieldType == FieldType.Message && !CanHoldEnums(field.MessageType))
            {
                continue;
            }

            var at = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    Visit(valueField, entry.Value, $"{at}[{Key(entry.Key)}]");
                }
            }
            else if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (IList)value)
                {
                    Visit(field, item, Guard.Element(at, i++));
                }
            }
            else
            {
                Visit(field, value, at);
            }
        }
    }

    private static void Visit(FieldDescriptor field, object? value, string at)
    {
        switch (value)
        {
            case IMessage inner:
                Walk(inner, at);
                break;
            case Enum when field.FieldType == FieldType.Enum:
                var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (field.EnumType.FindValueByNumber(number) is null)
                {
                    throw new InvalidInputException(at, string.Create(CultureInfo.InvariantCulture, $"{number} is not a defined value; use one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}"));
                }

                break;
        }
    }

    /// <summary>A map key in a field path, cut short like any value quoted back.</summary>
    private static string Key(object key)
    {
        var text = Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty;
        return text.Length <= SpecLimits.MaxQuotedLength ? text : $"{text[..SpecLimits.MaxQuotedLength]}…";
    }
}
