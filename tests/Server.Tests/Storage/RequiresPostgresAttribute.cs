namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>Marks a test class whose <see cref="StoreFactAttribute"/> tests need the PostgreSQL test server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
}
