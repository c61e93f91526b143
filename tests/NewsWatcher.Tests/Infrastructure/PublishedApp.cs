using System.Diagnostics;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// The app published exactly as the Dockerfile publishes it (<see cref="PublishArguments"/>), once per test run, and
/// started as a real process that a test can signal.
/// </summary>
internal static class PublishedApp
{
    /// <summary>The Dockerfile runs <c>dotnet restore</c> on the project, then <c>dotnet {PublishArguments} /app/publish</c>.</summary>
    public const string PublishArguments = "publish src/NewsWatcher/NewsWatcher.csproj -c Release --no-restore -o";

    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? _published;

    /// <summary>Restores and publishes on first call; returns the path of NewsWatcher.dll.</summary>
    public static async Task<string> PublishAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (_published is not null)
            {
                return _published;
            }

            // Inside the test build's output: replaced by each run, removed with the build.
            var output = Path.Combine(AppContext.BaseDirectory, "published-app");
            await RunDotnetAsync("restore src/NewsWatcher/NewsWatcher.csproj");
            await RunDotnetAsync($"{PublishArguments} {output}");
            _published = Path.Combine(output, "NewsWatcher.dll");
            return _published;
        }
        finally
        {
            PublishLock.Release();
        }
    }

    /// <summary>Starts the published app in <paramref name="workingDirectory"/>; output is collected in <see cref="AppProcess.Output"/>.</summary>
    public static async Task<AppProcess> StartAsync(string workingDirectory, params string[] args)
    {
        var dll = await PublishAsync();
        var start = CliProcess.StartInfo(dll, workingDirectory, args);
        return new AppProcess(Process.Start(start)!);
    }

    private static async Task RunDotnetAsync(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = Corpus.RepositoryRoot, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {arguments} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }
}
