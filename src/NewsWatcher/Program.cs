using NewsWatcher.Cli;

// The console and the system clock are all the command line takes from the process.
var commandLine = new NewsWatcherRootCommand(new CliContext(Console.Out, Console.Error, TimeProvider.System));
return await commandLine.InvokeAsync(args);
