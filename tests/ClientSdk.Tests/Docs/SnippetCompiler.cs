using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaAnalysis.ClientSdk.Tests.Docs;

/// <summary>
/// Extracts the C# code blocks of a Markdown document and compiles each on its own, as a program of top-level
/// statements with the implicit usings of an SDK-style project, against the assemblies the tests run with
/// (the SDK among them).
/// </summary>
internal static partial class SnippetCompiler
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // A snippet may show a helper as a local function that the snippet itself does not call.
    private static readonly string[] Tolerated = ["CS8321"];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>The code blocks fenced as <c>```csharp</c>, with the line each starts on.</summary>
    public static IReadOnlyList<(int Line, string Code)> Extract(string markdown)
    {
        var blocks = new List<(int, string)>();
        foreach (Match match in CSharpBlock().Matches(markdown))
        {
            var line = markdown.AsSpan(0, match.Index).Count('\n') + 1;
            blocks.Add((line, match.Groups["code"].Value));
        }

        return blocks;
    }

    /// <summary>The errors and warnings of compiling <paramref name="code"/>, each as one line; empty when it compiles cleanly.</summary>
    public static IReadOnlyList<string> Compile(string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, options), CSharpSyntaxTree.ParseText(code, options)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);
        return emitted.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !Tolerated.Contains(d.Id))
            .Select(d => d.ToString())
            .ToArray();
    }

    [GeneratedRegex(@"^```csharp[ \t]*\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
