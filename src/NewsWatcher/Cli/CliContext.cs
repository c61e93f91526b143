namespace NewsWatcher.Cli;

/// <summary>
/// What the command line takes from its process: where it writes and the clock. Program passes the console and the
/// system clock; tests pass their own writers and a fake clock.
/// </summary>
internal sealed record CliContext(TextWriter Output, TextWriter Error, TimeProvider Time);
