namespace NewsWatcher.Cli;

/// <summary>The parsed command line: a command, the config folder, and the rest as configuration overrides.</summary>
public sealed record CliArguments(string Command, string ConfigDirectory, string[] HostArgs)
{
    public static readonly string[] Commands = ["run", "once", "check", "rules", "feeds", "preview", "health", "help"];

    public const string Usage = """
        Usage: newswatcher [command] [--config DIR] [--Section:Key=value ...]

        Commands:
          run      (default) the long-running worker: polls feeds on their schedules, sends alerts and digests
          once     poll every feed once, send everything pending, exit
          check    validate all configuration, print the effective settings (secrets masked), exit 0 or 2
          rules    rules test --text "..." | --feed FILE|URL; rules eval --input FILE.tsv [--watches FILE]
          feeds    a table of every feed's health: last success, last error, failures in a row, next poll
          feeds parse PATH...
                   parse feed files or folders with the worker's parser; TSV (path, items, status, detail) on stdout
          preview  render a sample digest through the templates to ./preview (--out DIR), with screenshots if Chromium is installed
                   preview --channel slack|telegram|webhook|ntfy writes the request bodies that channel would be sent
          health   ask the running worker's /healthz (Http:Port, Http:BindAddress); exit 0 when alive, else 1
          help     this text

        Options:
          --config DIR           the config folder (default: ./config, or $NEWSWATCHER_CONFIG)
          --Section:Key=value    override any setting, e.g. --Smtp:Host=relay.example.org

        Exit codes: 0 success, 1 unexpected failure, 2 invalid configuration or usage.
        """;

    /// <summary>Parses <paramref name="args"/>; returns null with an error message for bad usage.</summary>
    public static CliArguments? Parse(string[] args, out string? error)
    {
        error = null;
        var command = "run";
        var configDirectory = Environment.GetEnvironmentVariable("NEWSWATCHER_CONFIG") is { Length: > 0 } env ? env : "config";
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--config" or "-c")
            {
                if (i + 1 >= args.Length)
                {
                    error = "--config needs a folder";
                    return null;
                }

                configDirectory = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                configDirectory = arg["--config=".Length..];
            }
            else if (arg is "-h" or "--help")
            {
                command = "help";
            }
            else if (i == 0 && !arg.StartsWith('-'))
            {
                if (!Commands.Contains(arg))
                {
                    error = $"unknown command '{arg}'";
                    return null;
                }

                command = arg;
            }
            else
            {
                rest.Add(arg);
            }
        }

        return new CliArguments(command, configDirectory, [.. rest]);
    }
}
