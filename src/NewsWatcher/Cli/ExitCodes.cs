namespace NewsWatcher.Cli;

/// <summary>The process exit codes every verb shares (docs/operations.md, "Exit codes"); 0 is success.</summary>
internal static class ExitCodes
{
    /// <summary>The verb ran and failed: a probe found the worker unhealthy, an example did not hold, an input file was unreadable.</summary>
    public const int Failed = 1;

    /// <summary>Nothing ran: the command line, a setting or an editor file is invalid; the message names which.</summary>
    public const int Invalid = 2;
}
