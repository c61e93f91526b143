using System.Diagnostics;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>Runs the built NewsWatcher executable as a separate process, as a user or a container would.</summary>
public static class CliProcess
{
    /// <summary>
    /// The app's own build output (same configuration as the tests), so it runs with its own deps.json and
    /// runtimeconfig, as <c>dotnet run</c> would.
    /// </summary>
    public static string AppAssembly { get; } = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "NewsWatcher.Tests"), Path.Combine("src", "NewsWatcher"), StringComparison.Ordinal),
        "NewsWatcher.dll"));

    /// <summary>
    /// <c>dotnet {dll} {args}</c> in <paramref name="workingDirectory"/> with output redirected, without the test
    /// process's settings (NEWSWATCHER_CONFIG and <c>Section__Key</c> variables).
    /// </summary>
    public static ProcessStartInfo StartInfo(string dll, string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child must not inherit settings meant for the test process.
        start.Environment.Remove("NEWSWATCHER_CONFIG");
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        // The tests' feed servers listen on loopback, which the worker refuses by default.
        start.Environment["Fetch__AllowPrivateNetworks"] = "true";
        return start;
    }

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the child only (e.g. <c>Fetch__Timeout</c>).</param>
    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = AppAssembly;
        var start = StartInfo(dll, workingDirectory, args);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"newswatcher {string.Join(' ', args)} did not exit within 3 minutes");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
