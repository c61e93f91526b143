using System.Diagnostics;
using System.Text.RegularExpressions;
using MimeKit;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Docs;

/// <summary>
/// The README's five-minute tour works as written: its shell blocks run in order in a fresh folder holding only a copy of
/// config/ (as a fresh clone would, with the built app standing in for <c>dotnet run</c>), and each prints what the
/// README shows after it.
/// </summary>
public sealed partial class ReadmeTourTests : IDisposable
{
    private const string DotnetRun = "dotnet run --project src/NewsWatcher --";
    private readonly string _clone = TempDirectory.Create("tour");

    [Fact]
    public async Task Tour_EveryStepAsWritten_PrintsWhatTheReadmeShows()
    {
        if (!File.Exists("/bin/bash"))
        {
            Assert.Skip("The tour's steps are shell commands; this test needs /bin/bash.");
        }

        var tour = TourSection(File.ReadAllText(Path.Combine(DocSet.Root, "README.md")));
        var steps = Steps(tour);
        CopyDirectory(Path.Combine(DocSet.Root, "config"), Path.Combine(_clone, "config"));

        Assert.True(steps.Count >= 4, $"the tour has {steps.Count} shell blocks; expected at least 4");
        Assert.Contains(steps, s => s.Script.Contains(DotnetRun + " once", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Script.Contains(DotnetRun + " rules test", StringComparison.Ordinal));
        foreach (var (script, expected) in steps)
        {
            var output = await RunAsync(script);

            foreach (var line in (expected ?? "").Split('\n').Where(l => l.Trim() is { Length: > 0 } and not "..."))
            {
                Assert.True(Normalise(output).Contains(Normalise(line.TrimEnd()), StringComparison.Ordinal), $"step\n{script}\nprinted\n{output}\nwithout the README's line\n{line}");
            }
        }

        // "Run step 2 again": nothing is new and nothing is sent.
        var again = await RunAsync(steps.First(s => s.Script.Contains(DotnetRun + " once", StringComparison.Ordinal)).Script);
        Assert.Contains("`3 articles, 0 new`", tour, StringComparison.Ordinal);
        Assert.Contains("feed tour: ok, 3 articles, 0 new", again, StringComparison.Ordinal);
        Assert.DoesNotContain("subscriber ", again, StringComparison.Ordinal);

        // The subjects the tour quotes are the ones the messages carry.
        var outbox = Directory.GetFiles(Path.Combine(_clone, "outbox"), "*.eml");
        Assert.Equal(2, outbox.Length);
        var alert = await MimeMessage.LoadAsync(Assert.Single(outbox, f => f.Contains(".alert.", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        var digest = await MimeMessage.LoadAsync(Assert.Single(outbox, f => f.Contains(".digest.", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        Assert.StartsWith(QuotedSubject().Match(tour).Groups["alert"].Value, alert.Subject, StringComparison.Ordinal);
        Assert.Equal(QuotedSubject().Match(tour).Groups["digest"].Value, digest.Subject);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_clone);

    private static string TourSection(string readme)
    {
        var start = readme.IndexOf("\n## A five-minute tour\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## A five-minute tour' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    /// <summary>Each <c>```sh</c> block, with the plain block that follows it (what it prints), if any.</summary>
    private static List<(string Script, string? Output)> Steps(string tour)
    {
        var steps = new List<(string Script, string? Output)>();
        foreach (Match block in FencedBlock().Matches(tour))
        {
            if (block.Groups["lang"].Value == "sh")
            {
                steps.Add((block.Groups["body"].Value, null));
            }
            else if (block.Groups["lang"].Value.Length == 0 && steps.Count > 0 && steps[^1].Output is null)
            {
                steps[^1] = (steps[^1].Script, block.Groups["body"].Value);
            }
        }

        return steps;
    }

    private async Task<string> RunAsync(string script)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = _clone,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-euo");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script.Replace(DotnetRun, $"dotnet '{CliProcess.AppAssembly}'", StringComparison.Ordinal));

        // A fresh shell: none of the test process's settings.
        start.Environment.Remove("NEWSWATCHER_CONFIG");
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the tour step did not finish within 3 minutes:\n{script}");
        }

        Assert.True(process.ExitCode == 0, $"step\n{script}\nexited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    /// <summary>Message ids carry the time of the run: only their shape is compared.</summary>
    private static string Normalise(string text) => MessageId().Replace(text, "${kind}-id");

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]*)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\d{8}T\d{6}Z\.(?<kind>alert|digest)\.[0-9a-f]{12}")]
    private static partial Regex MessageId();

    [GeneratedRegex(@"`(?<alert>\[NewsWatcher\] Alert: [^`]*?) …`.*?`(?<digest>\[NewsWatcher\] [^`]*)`", RegexOptions.Singleline)]
    private static partial Regex QuotedSubject();
}
