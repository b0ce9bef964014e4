namespace MetaAnalysis.ClientSdk.Results;

/// <summary>Reads a proto3 <c>optional</c> field as a nullable value: the generated code answers an unset field with 0.</summary>
internal static class Presence
{
    public static T? Of<T>(bool has, T value)
        where T : struct => has ? value : null;
}
