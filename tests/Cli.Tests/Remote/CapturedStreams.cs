using MetaAnalysis.Cli.Commands;
using Spectre.Console.Testing;

namespace MetaAnalysis.Cli.Tests.Remote;

/// <summary>A command's terminal, standard output and standard error, captured; <see cref="Reset"/> starts afresh between commands.</summary>
internal sealed class CapturedStreams : IDisposable
{
    private TestConsole console = NewConsole();
    private StringWriter output = new();
    private StringWriter error = new();

    public CommandStreams Streams => new(console, output, error);

    /// <summary>What went to the terminal (tables, progress lines).</summary>
    public string Console => console.Output;

    public string Output => output.ToString();

    public string Error => error.ToString();

    public void Reset()
    {
        console.Dispose();
        console = NewConsole();
        output = new StringWriter();
        error = new StringWriter();
    }

    public void Dispose() => console.Dispose();

    private static TestConsole NewConsole()
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        return console;
    }
}
