namespace MetaAnalysis.ClientSdk.Tests.Docs;

public sealed class DocsSnippetTests
{
    private static readonly string Markdown = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "sdk.md"));

    public static TheoryData<int> SnippetLines()
    {
        var lines = new TheoryData<int>();
        foreach (var (line, _) in SnippetCompiler.Extract(Markdown))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Theory]
    [MemberData(nameof(SnippetLines))]
    public void Snippet_InSdkDocs_Compiles(int line)
    {
        var code = SnippetCompiler.Extract(Markdown).Single(block => block.Line == line).Code;

        var problems = SnippetCompiler.Compile(code);

        Assert.True(problems.Count == 0, $"the snippet at docs/sdk.md line {line} does not compile:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void Extract_SdkDocs_FindsASnippetPerSection()
    {
        // Connect, data, specs, model kinds, batch, watch, results, errors, offline validation, cancellation.
        Assert.Equal(10, SnippetCompiler.Extract(Markdown).Count);
    }

    [Fact]
    public void Compile_SnippetCallingAMissingMember_ReportsTheError()
    {
        var problems = SnippetCompiler.Compile("""
            using MetaAnalysis.ClientSdk.Builders;
            var builder = new AnalysisBuilder().RandomEffect();
            """);

        Assert.Contains(problems, p => p.Contains("CS1061", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_SnippetDereferencingANullablePart_ReportsTheWarning()
    {
        var problems = SnippetCompiler.Compile("""
            using MetaAnalysis.ClientSdk.Results;
            static double Egger(AnalysisResult result) => result.PublicationBias.Egger!.PValue;
            """);

        Assert.Contains(problems, p => p.Contains("CS8602", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_TwoFencedBlocks_OnlyTheCSharpOne()
    {
        var blocks = SnippetCompiler.Extract("text\n```csharp\nvar x = 1;\n```\n\n```json\n{}\n```\n");

        var block = Assert.Single(blocks);
        Assert.Equal(2, block.Line);
        Assert.Equal("var x = 1;\n", block.Code);
    }
}
