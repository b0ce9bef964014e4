using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// The command line as a whole: every command, how a command line that cannot be parsed is reported, and
/// the handler that turns any exception a command lets escape into a message and an exit code
/// (<see cref="CommandFailures"/>) — the program's entry point is <see cref="RunAsync"/>.
/// </summary>
public static class CommandLineApplication
{
    /// <summary>The program's name, as it is typed.</summary>
    public const string Name = "metaanalysis";

    /// <summary>Creates the root command with every command, writing to <paramref name="streams"/>.</summary>
    public static RootCommand Create(CommandStreams streams, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var root = new RootCommand("Bayesian and frequentist meta-analysis")
        {
            AnalyzeCommand.Create(streams),
            FitCommand.Create(streams),
            CompareCommand.Create(streams),
            ReportCommand.Create(streams, environment),
            SubmitCommand.Create(streams, environment),
            WatchCommand.Create(streams, environment),
            GetCommand.Create(streams, environment),
            CancelCommand.Create(streams, environment),
            ConformanceCommand.Create(streams),
        };

        // No command: the help, as for --help (exit 0), rather than an error about a missing command.
        root.SetAction(parse => new HelpAction().Invoke(parse));
        foreach (var command in Commands(root))
        {
            foreach (var argument in command.Arguments)
            {
                argument.Validators.Add(result => RejectOptionLike(result, command));
            }
        }

        return root;
    }

    /// <summary>
    /// Runs the command line <paramref name="args"/>: 2 when it cannot be parsed (the errors and where to find
    /// the options on standard error), else the command's exit code; an exception that escapes a command is
    /// reported by <see cref="CommandFailures.Report"/>, never as a stack trace.
    /// </summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandStreams streams, Func<string, string?> environment, CancellationToken cancellationToken = default) =>
        RunAsync(Create(streams, environment), args, streams, cancellationToken);

    /// <summary>Runs <paramref name="args"/> on the commands of <paramref name="root"/> (from <see cref="Create"/>), as <see cref="RunAsync(IReadOnlyList{string}, CommandStreams, Func{string, string?}, CancellationToken)"/>.</summary>
    public static async Task<int> RunAsync(RootCommand root, IReadOnlyList<string> args, CommandStreams streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(streams);
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = streams.Output, Error = streams.Error };
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction errors)
        {
            // The parser's messages and spelling suggestions, without the whole help: it would bury them.
            errors.ShowHelp = false;
            configuration.Output = streams.Error;
            await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            streams.Error.WriteLine($"See '{CommandPath(parse.CommandResult.Command)} --help' for the options.");
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The last line of defence: whatever a command lets escape is reported, not thrown at the user.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CommandFailures.Report(parse.CommandResult.Command.Name, ex, streams);
        }
    }

    /// <summary>
    /// The parser takes any token it cannot match for the value of an optional argument (<c>fit --bogus</c>
    /// would read a plan called "--bogus"): a value that looks like an option is refused as one.
    /// </summary>
    private static void RejectOptionLike(System.CommandLine.Parsing.ArgumentResult result, Command command)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-')
            {
                result.AddError($"'{token.Value}' is not an option of '{CommandPath(command)}' (a file whose name starts with '-' can be given as ./{token.Value})");
            }
        }
    }

    private static string CommandPath(Command command) =>
        command is RootCommand || command.Parents.FirstOrDefault() is not Command parent || parent is RootCommand
            ? command is RootCommand ? Name : $"{Name} {command.Name}"
            : $"{CommandPath(parent)} {command.Name}";

    private static IEnumerable<Command> Commands(Command command) =>
        command.Subcommands.SelectMany(Commands).Prepend(command);
}
