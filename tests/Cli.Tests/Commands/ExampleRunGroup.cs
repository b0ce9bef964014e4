namespace MetaAnalysis.Cli.Tests.Commands;

/// <summary>The test classes that share one <see cref="ExampleRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ExampleRunGroup : ICollectionFixture<ExampleRun>
{
    public const string Name = "example run";
}
