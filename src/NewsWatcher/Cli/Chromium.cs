using System.Diagnostics;

namespace NewsWatcher.Cli;

/// <summary>Headless Chromium (Debian package <c>chromium</c>), for screenshots of rendered digests.</summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "chrome"];

    /// <summary>How long one headless run may take before it is killed.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    /// <summary>The browser's path from $CHROMIUM or the PATH; null when none is installed.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Candidates.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs the browser headless on a local file; returns its standard output.</summary>
    /// <param name="arguments">E.g. <c>--screenshot=out.png</c> or <c>--dump-dom</c>.</param>
    /// <param name="time">The clock of the two-minute limit on the browser's run.</param>
    public static async Task<string> RunAsync(string browser, string htmlFile, int width, int height, IEnumerable<string> arguments, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // No sandbox: containers and CI run as root, where Chromium's sandbox cannot start. The page is our own file.
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--virtual-time-budget=5000", $"--window-size={width},{height}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {browser}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = new CancellationTokenSource(RunLimit, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{browser} exited with {process.ExitCode}: {await errors.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }
}
