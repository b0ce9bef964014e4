using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>Where a command writes: the terminal for tables and progress, standard output for JSON, standard error for errors.</summary>
/// <param name="Console">Tables, progress bars.</param>
/// <param name="Output">JSON, help.</param>
/// <param name="Error">Errors.</param>
/// <param name="ErrorLog">Where a defect's details go (null: <see cref="DefectLog.Default"/>).</param>
public sealed record CommandStreams(IAnsiConsole Console, TextWriter Output, TextWriter Error, DefectLog? ErrorLog = null)
{
    /// <summary>Where a defect's details go.</summary>
    public DefectLog Defects => ErrorLog ?? DefectLog.Default;

    /// <summary>The process's standard streams, the terminal as wide as <see cref="ConsoleWidth.Resolve"/> says.</summary>
    public static CommandStreams Standard(Func<string, string?> environment) => Create(
        System.Console.Out,
        System.Console.Error,
        outputIsTerminal: !System.Console.IsOutputRedirected,
        environment);

    /// <summary>
    /// Streams writing tables and JSON to <paramref name="output"/> and errors to <paramref name="error"/>.
    /// Tables are as wide as <c>COLUMNS</c> says; else as the terminal when <paramref name="outputIsTerminal"/>
    /// (following it when it is resized); else they are not wrapped (a file or a pipe has no width). Progress
    /// bars and colours only go to a terminal.
    /// </summary>
    public static CommandStreams Create(TextWriter output, TextWriter error, bool outputIsTerminal, Func<string, string?> environment, DefectLog? errorLog = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = outputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = outputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = outputIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (ConsoleWidth.Resolve(environment("COLUMNS"), outputIsTerminal) is { } width)
        {
            console.Profile.Width = width;
        }

        return new CommandStreams(console, output, error, errorLog);
    }
}
