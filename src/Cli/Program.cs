using MetaAnalysis.Cli.Commands;

return await CommandLineApplication.RunAsync(args, CommandStreams.Standard(Environment.GetEnvironmentVariable), Environment.GetEnvironmentVariable).ConfigureAwait(false);
